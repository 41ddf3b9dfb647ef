/* Place names on the offline base map: owns the "placeNames" pane and the
 * names in it (map-events.js owns the events; mapview.py puts the country outlines
 * in a pane under this one).
 *
 * The data block's `placenames` lists GeoNames cities (timeline/maplabels.py),
 * each with the zoom from which it is named, in the order they are tried.
 * After every move and zoom, and every change of the events shown, the names
 * of that zoom in view are placed one by one: a name that would overlap one
 * already placed, an event's marker, a cluster's count or a control is
 * tried left of its dot, above, below, and, when its dot is under a marker,
 * beside that marker; failing that it is left out.
 * The names sit under the events, are small and grey, and take no pointer
 * events. They are shown over the offline outlines only: online tiles carry
 * names of their own.
 *
 * Each drawing is announced on the pane's box: data-zoom (the zoom it was
 * drawn for) and data-drawn (how many drawings so far).
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var PANE = "placeNames";
  var FONT = "11px Arial, Helvetica, sans-serif"; // as .place-name in style.css
  var HEIGHT = 14; // a name's line, in pixels (style.css)
  var DOT = 4; // a town's dot, in pixels
  var GAP = 4; // between a dot and its name
  var CLEAR = 2; // pixels kept clear around each name
  var MAX_NAMES = 300; // at most this many names at once

  /* Name places on `map` from the data block's list; { draw } to draw them again. */
  T.placeNames = function (map, data) {
    var names = data.placenames;
    if (!names || !names.name.length) return null;
    var pane = map.createPane(PANE);
    pane.style.zIndex = 390; // above the outlines (300), under the events (Leaflet's overlay pane, 400)
    pane.style.pointerEvents = "none";
    var box = document.createElement("div");
    box.className = "place-names leaflet-zoom-hide";
    box.setAttribute("aria-hidden", "true");
    pane.appendChild(box);
    var context = document.createElement("canvas").getContext("2d");
    context.font = FONT;
    var p = {
      map: map, names: names, box: box, context: context,
      widths: new Float32Array(names.name.length), // measured when first needed
      offline: true, // the offline outlines are the base layer
      drawings: 0,
      drawnFor: null // viewKey() when last drawn
    };
    function redraw() { draw(p); }
    map.on("moveend resize", redraw);
    // A change of state redraws the events, moving the map or not; when it
    // moved it, the names were drawn already, after the events (moveend).
    function follow() {
      if (p.drawnFor === null || p.drawnFor !== viewKey(p)) draw(p);
      else p.box.dataset.drawn = ++p.drawings; // as drawn: nothing they depend on changed
    }
    map.on("baselayerchange", function (e) {
      p.offline = !(e.layer instanceof L.TileLayer);
      redraw();
    });
    // After map-events.js, which drew the events first (it listens from before this).
    if (T.state) T.state.on(follow);
    redraw();
    T.placeNames.current = { draw: redraw }; // map-picture.js draws them again after a new frame
    return T.placeNames.current;
  };

  function width(p, i) {
    if (!p.widths[i]) p.widths[i] = Math.ceil(p.context.measureText(p.names.name[i]).width);
    return p.widths[i];
  }

  /* The boxes of what is on the map now matching `selector`, in the map
   * container's pixels: [left, top, right, bottom]. */
  function boxesOf(map, selector) {
    return T.boxesIn(map.getContainer(), selector);
  }

  /* Where a name `w` pixels wide may go, as the top left corner of its
   * text, best first: right of its dot, left, above, below; then, where the
   * dot is under a marker, just clear of that marker on each side. */
  function spots(x, y, w, markers) {
    var out = [[x + GAP, y - HEIGHT / 2], [x - GAP - w, y - HEIGHT / 2], [x - w / 2, y - GAP - HEIGHT], [x - w / 2, y + GAP]];
    for (var n = 0; n < markers.length; n++) {
      var m = markers[n];
      if (m[0] <= x && x <= m[2] && m[1] <= y && y <= m[3]) {
        out.push([m[2] + CLEAR, y - HEIGHT / 2], [m[0] - CLEAR - w, y - HEIGHT / 2], [x - w / 2, m[1] - CLEAR - HEIGHT], [x - w / 2, m[3] + CLEAR]);
      }
    }
    return out;
  }

  function put(p, className, text, left, top) {
    var node = document.createElement("div");
    node.className = className;
    if (text) node.textContent = text;
    L.DomUtil.setPosition(node, p.map.containerPointToLayerPoint([left, top]));
    p.box.appendChild(node);
    return node;
  }

  /* What the names depend on: the events' layers (map-draw.js counts its
   * drawings), the view, the map's size and the base layer; null when not known. */
  function viewKey(p) {
    if (!T.mapDraw || T.mapDraw.drawings === undefined) return null;
    var b = p.map.getPixelBounds();
    return [T.mapDraw.drawings(), p.map.getZoom(), b.min.x, b.min.y, b.max.x, b.max.y, p.offline].join(" ");
  }

  function draw(p) {
    p.drawnFor = viewKey(p);
    p.box.textContent = "";
    var zoom = p.map.getZoom();
    if (p.offline) placeAll(p, zoom);
    p.box.dataset.zoom = zoom;
    p.box.dataset.drawn = ++p.drawings;
  }

  /* Place the names of `zoom` in view, one by one, each where it fits first. */
  function placeAll(p, zoom) {
    var map = p.map, names = p.names;
    var size = map.getSize();
    var markers = boxesOf(map, ".event-marker, .event-cluster, .event-label"); // the events' markers, clusters' counts and date labels
    var labels = boxesOf(map, ".leaflet-control"); // the controls, then the names and dots placed
    var placed = 0;
    // The list is ordered by zoom, so the names of this zoom come first.
    for (var i = 0; i < names.name.length && names.zoom[i] <= zoom && placed < MAX_NAMES; i++) {
      var at = map.latLngToContainerPoint([names.lat[i], names.lon[i]]);
      var x = at.x, y = at.y;
      if (x < 0 || y < 0 || x > size.x || y > size.y) continue;
      // The dot may be under a marker (it is drawn under them), never on a name or a control.
      var dot = [x - DOT / 2, y - DOT / 2, x + DOT / 2, y + DOT / 2];
      if (T.overlapsAny(dot, labels)) continue;
      var w = width(p, i);
      var candidates = spots(x, y, w, markers);
      for (var c = 0; c < candidates.length; c++) {
        var left = candidates[c][0], top = candidates[c][1];
        var b = [left - CLEAR, top - CLEAR, left + w + CLEAR, top + HEIGHT + CLEAR];
        if (b[0] < 0 || b[1] < 0 || b[2] > size.x || b[3] > size.y) continue;
        if (T.overlapsAny(b, labels) || T.overlapsAny(b, markers)) continue;
        labels.push(dot, b);
        placed++;
        // A dot under a marker would show through it: the name beside the marker says it.
        if (!T.overlapsAny(dot, markers)) put(p, "place-dot", null, x - DOT / 2, y - DOT / 2);
        put(p, "place-name", names.name[i], left, top).dataset.zoom = names.zoom[i];
        break;
      }
    }
  }
})();
