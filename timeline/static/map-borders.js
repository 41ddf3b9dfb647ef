/* The borders between first-level regions (states, provinces) on the offline
 * base map: owns the "regionBorders" pane and the lines in it.
 *
 * The data block's `borders` holds, for each country of the page's events
 * (timeline/maplabels.py), the lines between its regions: Natural Earth 1:10m,
 * simplified (scripts/make_admin1_borders.py), each a flat list of whole
 * hundredths of a degree, [lon, lat, dlon, dlat, ...]. They are drawn from
 * zoom MIN_ZOOM on, thin and lighter than the country outlines (solid: a dashed
 * line is an approximate placement's circle here), over
 * the outlines (300) and under the place names (390) and the events (400);
 * they take no pointer events. Over the offline outlines only: online tiles
 * draw borders of their own. Only the countries near the view are drawn.
 *
 * Each drawing is announced on the pane: data-zoom (the zoom it was drawn
 * for) and data-shown ("true" when the lines are on the map).
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var PANE = "regionBorders";
  var MIN_ZOOM = 5; // below this a country's regions are too small to tell apart
  // Solid, not dashed: on this map a dashed line is an approximate placement's circle.
  var STYLE = { color: "#b1aea6", weight: 0.7, opacity: 1, fill: false, interactive: false };

  /* The lines of one country's `flat` lists, as Leaflet's [[lat, lon], ...]. */
  function lines(flat) {
    return flat.map(function (f) {
      var x = f[0], y = f[1], line = [[y / 100, x / 100]];
      for (var i = 2; i < f.length; i += 2) {
        x += f[i];
        y += f[i + 1];
        line.push([y / 100, x / 100]);
      }
      return line;
    });
  }

  /* Draw the data block's borders on `map`; null when it has none. */
  T.regionBorders = function (map, data) {
    var borders = data.borders;
    var codes = borders ? Object.keys(borders) : [];
    if (!codes.length) return null;
    var pane = map.createPane(PANE);
    pane.style.zIndex = 350; // above the outlines (300), under the place names (390) and the events (400)
    pane.style.pointerEvents = "none";
    pane.setAttribute("aria-hidden", "true");
    var style = Object.assign({ pane: PANE, renderer: L.svg({ pane: PANE }) }, STYLE);
    var countries = codes.map(function (code) {
      var line = L.polyline(lines(borders[code]), style);
      return { line: line, bounds: line.getBounds() };
    });
    var layer = L.layerGroup();
    var offline = true; // the offline outlines are the base layer
    /* Shown from MIN_ZOOM on, each country's lines only while they cross the
     * view or near it: Leaflet works out every point of a line it holds at
     * each zoom, and a selection that zooms in should not wait for the
     * world's. */
    function update() {
      var zoom = map.getZoom();
      var show = offline && zoom >= MIN_ZOOM;
      if (show) {
        var near = map.getBounds().pad(0.5);
        countries.forEach(function (c) {
          var wanted = near.intersects(c.bounds);
          if (wanted && !layer.hasLayer(c.line)) layer.addLayer(c.line);
          else if (!wanted && layer.hasLayer(c.line)) layer.removeLayer(c.line);
        });
      }
      if (show && !map.hasLayer(layer)) layer.addTo(map);
      if (!show && map.hasLayer(layer)) map.removeLayer(layer);
      pane.dataset.zoom = zoom;
      pane.dataset.shown = show;
    }
    map.on("moveend", update);
    map.on("baselayerchange", function (e) {
      offline = !(e.layer instanceof L.TileLayer);
      update();
    });
    update();
    return { update: update };
  };
})();
