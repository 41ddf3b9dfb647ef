/* How the map's symbols look, as Timeline.mapStyle: an event's circle
 * (coloured by category, sized by deaths, hollow where deaths are unknown,
 * ringed dark when selected), a cluster's count, the hover tooltip, the dashed
 * circle of an approximate placement, the leg from a spread marker to its
 * spot, and the small SVG circles of the legend.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;

  function marker(ev, category, selected) {
    var unknownDeaths = !ev.killed;
    return {
      radius: ev.radius,
      color: selected ? "#111111" : unknownDeaths ? category.color : "#ffffff",
      weight: selected ? 3.5 : unknownDeaths ? 2.5 : 1.5,
      fillColor: category.color,
      fillOpacity: unknownDeaths ? 0.08 : 0.85,
      className: "event-marker"
    };
  }

  /* A cluster's count in the page's digits, ungrouped to fit its circle: "1234", "۱۲۳۴". */
  var counts = null;
  function count(n) {
    counts = counts || new Intl.NumberFormat(T.lang, { useGrouping: false, maximumFractionDigits: 0 });
    return counts.format(n);
  }

  /* A cluster's title: how many events, and what a click does. */
  function clusterTitle(n) {
    return T.n_("{n} event: click to see it", "{n} events: click to see them", n, { n: count(n) });
  }

  function clusterIcon(count) {
    var size = T.cluster.size(count);
    return L.divIcon({
      html: "<span>" + T.escape(T.mapStyle.count(count)) + "</span>",
      className: "event-cluster",
      iconSize: L.point(size, size)
    });
  }

  function tooltip(ev) {
    var box = el("span", "event-tooltip");
    var title = el("strong", null, ev.title);
    title.dir = "auto"; // the table's words, isolated from ours
    box.appendChild(title);
    box.appendChild(el("span", null, T._(" · ") + T.dateSaid(ev)));
    return box;
  }

  /* The dashed circle as wide as a placement's uncertainty. */
  var precision = {
    color: "#4a4f57",
    weight: 1.2,
    opacity: 0.55,
    dashArray: "5 4",
    fill: true,
    fillOpacity: 0.03,
    interactive: false,
    className: "precision-circle"
  };

  /* The line from a spread marker back to the spot its events share. */
  var leg = { color: "#222222", weight: 1.5, opacity: 0.5, interactive: false };
  // Around each event of a story's step (story.js): the page's accent colour, drawn over nothing it hides.
  var stepRing = { color: "#0b5cad", weight: 3, opacity: 0.9, fill: false, interactive: false, className: "story-ring" };

  function svgCircle(size, radius, attrs) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", size);
    svg.setAttribute("height", size);
    svg.setAttribute("aria-hidden", "true");
    var circle = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    circle.setAttribute("cx", size / 2);
    circle.setAttribute("cy", size / 2);
    circle.setAttribute("r", radius);
    Object.keys(attrs).forEach(function (k) {
      circle.setAttribute(k, attrs[k]);
    });
    svg.appendChild(circle);
    return svg;
  }

  T.mapStyle = {
    marker: marker,
    clusterIcon: clusterIcon,
    count: count,
    clusterTitle: clusterTitle,
    tooltip: tooltip,
    precision: precision,
    leg: leg,
    stepRing: stepRing,
    svgCircle: svgCircle
  };
})();
