/* The events on the Leaflet map that folium sets up.
 *
 * One circle per placed event, coloured by category and sized by deaths
 * (hollow and dashed when deaths are unknown). Markers close together are
 * clustered and spread apart on zoom or click, so events in one city (the
 * three Kabul attacks) stay distinguishable. Popups are built when opened.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;

  function markerStyle(ev, category) {
    var unknownDeaths = !ev.killed;
    return {
      radius: ev.radius,
      color: unknownDeaths ? category.color : "#ffffff",
      weight: unknownDeaths ? 2.5 : 1.5,
      dashArray: unknownDeaths ? "4 3" : null,
      fillColor: category.color,
      fillOpacity: unknownDeaths ? 0.18 : 0.85,
      className: "event-marker"
    };
  }

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? 30 : 38;
    return L.divIcon({
      html: "<span>" + Number(count) + "</span>",
      className: "event-cluster",
      iconSize: L.point(size, size)
    });
  }

  function tooltipFor(ev) {
    var box = el("span", "event-tooltip");
    box.appendChild(el("strong", null, ev.title));
    box.appendChild(el("span", null, " · " + T.dateLabel(ev)));
    return box;
  }

  function sizeKey(data) {
    var box = el("div", "legend-sizes");
    box.appendChild(el("p", "legend-heading", "Deaths"));
    data.sizes.forEach(function (size) {
      var item = el("div", "legend-item");
      var d = 2 * size.radius + 4;
      var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("width", d);
      svg.setAttribute("height", d);
      var circle = document.createElementNS("http://www.w3.org/2000/svg", "circle");
      circle.setAttribute("cx", d / 2);
      circle.setAttribute("cy", d / 2);
      circle.setAttribute("r", size.radius);
      circle.setAttribute("fill", size.unknown ? "none" : "#777");
      circle.setAttribute("stroke", "#555");
      circle.setAttribute("stroke-width", size.unknown ? 2 : 1);
      if (size.unknown) circle.setAttribute("stroke-dasharray", "4 3");
      svg.appendChild(circle);
      item.appendChild(svg);
      item.appendChild(el("span", null, size.label));
      box.appendChild(item);
    });
    return box;
  }

  function legend(data, usedCategories) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = el("div", "map-legend");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Legend");
      box.appendChild(el("p", "legend-heading", "Category"));
      data.categories.forEach(function (category, i) {
        if (!usedCategories[i]) return;
        var item = el("div", "legend-item");
        var swatch = el("span", "swatch");
        swatch.style.background = category.color;
        item.appendChild(swatch);
        item.appendChild(el("span", null, category.label));
        box.appendChild(item);
      });
      box.appendChild(sizeKey(data));
      box.appendChild(el("p", "legend-note", "Click a marker for its sources and how precisely it is placed."));
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    return control;
  }

  T.map = {
    /* Frame every placed event, keeping them clear of the legend. */
    fit: function (legendBox) {
      var current = T.map.current;
      if (!current || !current.group.getLayers().length) return;
      var right = legendBox ? legendBox.offsetWidth + 24 : 24;
      current.map.fitBounds(current.bounds, {
        paddingTopLeft: [40, 40],
        paddingBottomRight: [right, 24],
        maxZoom: 6,
        animate: false
      });
    },

    /* Draw the events of `data` on `map` and list them in `layerControl`. */
    addEvents: function (map, layerControl, data) {
      var group = L.markerClusterGroup({
        maxClusterRadius: 30,
        showCoverageOnHover: false,
        spiderfyOnMaxZoom: true,
        spiderfyDistanceMultiplier: 1.6,
        iconCreateFunction: clusterIcon
      });
      var markers = {};
      var usedCategories = {};
      var bounds = L.latLngBounds([]);
      data.events.forEach(function (ev) {
        if (!ev.loc) return;
        var category = data.categories[ev.category];
        usedCategories[ev.category] = true;
        var marker = L.circleMarker([ev.loc.lat, ev.loc.lon], markerStyle(ev, category));
        marker.eventId = ev.id;
        marker.bindPopup(function () {
          return T.card(ev, data);
        }, { maxWidth: 380, maxHeight: 420, className: "event-popup", autoPanPadding: [20, 20] });
        marker.bindTooltip(tooltipFor(ev), { direction: "top", offset: [0, -ev.radius] });
        markers[ev.id] = marker;
        bounds.extend(marker.getLatLng());
        group.addLayer(marker);
      });
      var key = legend(data, usedCategories).addTo(map);
      T.map.current = { map: map, group: group, markers: markers, bounds: bounds };
      // Frame the events before clustering them, so clusters are made once, at the final zoom.
      T.map.fit(key.getContainer());
      map.addLayer(group);
      layerControl.addOverlay(group, "Events");
      return T.map.current;
    }
  };
})();
