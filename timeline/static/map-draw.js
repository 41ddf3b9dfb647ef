/* Drawing the map's events, as Timeline.mapDraw: what is in view becomes
 * Leaflet layers (a circle per lone event, a count per cluster, a dashed
 * circle per approximate placement, the spread markers and their legs),
 * reusing the layers already drawn, so a redraw after a pan moves little.
 *
 * Every function takes the map's view `v`, the one object map-events.js makes
 * and passes around: the map and data, the placed events (Timeline.cluster)
 * and their flags (on, skip, cellOf, placeOn), the selection, the last grid,
 * the spread, the layers drawn, and the handlers v.onPick(k) and
 * v.onCluster(layer) for clicks.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var MARGIN = 120; // pixels around the view that are drawn too, so a short pan shows no gap
  var CIRCLE_MIN_PX = 4; // dashed circles smaller than this on screen are left out,
  var CIRCLE_MAX_PX = 4000; // and larger than this (slow to draw, and nearly straight by then),
  var CIRCLE_MAX = 400; // and at most this many are drawn, the busiest places first
  var EQUATOR_M = 40075016.686;
  var PANE = "eventsOnTop";

  /* The layers the events are drawn in. Selected and spread markers go above
   * the clusters' counts, in an SVG of their own. */
  function layers(map) {
    map.createPane(PANE).style.zIndex = 640;
    return { eventLayer: L.layerGroup(), circleLayer: L.layerGroup(), topRenderer: L.svg({ pane: PANE }) };
  }

  /* Pixels per zoom-0 pixel at `zoom`. */
  function scaleAt(v, zoom) {
    return v.crs.scale(zoom) / v.crs.scale(0);
  }

  /* Where marker k is drawn: spread apart, or where it is. */
  function where(v, k) {
    var spread = v.spread;
    if (spread) {
      var at = spread.members.indexOf(k);
      if (at >= 0) return v.map.unproject([spread.x[at], spread.y[at]], spread.zoom);
    }
    return L.latLng(v.placed.lat[k], v.placed.lon[k]);
  }

  function marker(v, k, latlng, onTop) {
    var ev = v.events[v.placed.index[k]];
    var style = T.mapStyle.marker(ev, v.data.categories[ev.category], k === v.selected);
    // The map's own click (which folds a spread) is not also fired.
    style.bubblingMouseEvents = false;
    if (onTop) {
      style.pane = PANE;
      style.renderer = v.topRenderer;
    }
    var layer = L.circleMarker(latlng, style);
    layer.bindTooltip(function () { return T.mapStyle.tooltip(ev); }, { direction: "top", offset: [0, -ev.radius] });
    layer.on("click", function () { v.onPick(k); });
    return layer;
  }

  function nameOf(v, c, zoom) {
    var grid = v.grid;
    var count = grid.count[c];
    return zoom + ":" + Math.round(grid.sumX[c] / count) + ":" + Math.round(grid.sumY[c] / count) + ":" + count;
  }

  /* Make cluster marker `layer` show grid square c's count, at the centre of
   * its events; an existing marker is moved and relabelled, not made anew. */
  function setCluster(v, layer, c, zoom) {
    var size = T.cluster.size;
    var count = v.grid.count[c];
    var x = v.grid.sumX[c] / count;
    var y = v.grid.sumY[c] / count;
    layer.cell = c;
    layer.at = [x, y];
    layer.name = nameOf(v, c, zoom);
    layer.setLatLng(v.map.unproject([x, y], zoom));
    if (layer.count === count) return;
    var resized = size(count) !== size(layer.count);
    var title = count + " events: click to see them";
    layer.count = count;
    layer.options.icon = T.mapStyle.clusterIcon(count); // for when the marker is added again
    layer.options.title = title;
    var icon = layer.getElement();
    if (!icon) return;
    icon.firstChild.textContent = String(count);
    icon.title = title;
    if (resized) {
      icon.style.width = icon.style.height = size(count) + "px";
      icon.style.marginLeft = icon.style.marginTop = -size(count) / 2 + "px";
    }
  }

  /* Draw the clusters of grid squares `cells`, keeping the markers already
   * showing one of them as it is and moving the others. */
  function drawClusters(v, cells, zoom) {
    var byName = {};
    var spare = [];
    v.clusters.forEach(function (layer) {
      if (byName[layer.name]) spare.push(layer);
      else byName[layer.name] = layer;
    });
    var kept = [];
    var moved = [];
    cells.forEach(function (c) {
      var layer = byName[nameOf(v, c, zoom)];
      if (!layer) return moved.push(c);
      delete byName[layer.name];
      layer.cell = c;
      kept.push(layer);
    });
    Object.keys(byName).forEach(function (name) {
      spare.push(byName[name]);
    });
    moved.forEach(function (c) {
      var layer = spare.pop();
      if (layer) {
        setCluster(v, layer, c, zoom);
      } else {
        layer = L.marker([0, 0], { icon: T.mapStyle.clusterIcon(2) });
        layer.on("click", function () { v.onCluster(layer); });
        setCluster(v, layer, c, zoom);
        v.eventLayer.addLayer(layer);
      }
      kept.push(layer);
    });
    spare.forEach(function (layer) {
      v.eventLayer.removeLayer(layer);
    });
    v.clusters = kept;
  }

  /* The dashed circles of the approximate placements that have events passing
   * the filters, and whose edge is in view and of a size worth drawing. */
  function wantedCircles(v, zoom, scale, box) {
    var places = v.placed.places;
    var placeOn = v.placeOn;
    var wanted = [];
    if (!v.map.hasLayer(v.circleLayer)) return wanted;
    var perMetre = v.crs.scale(zoom) / EQUATOR_M;
    for (var i = 0; i < places.count; i++) {
      if (!placeOn[i]) continue;
      var r = (places.radius[i] * perMetre) / Math.cos((places.lat[i] * Math.PI) / 180);
      if (r < CIRCLE_MIN_PX || r > CIRCLE_MAX_PX) continue;
      if (T.cluster.edgeCrosses(places.x[i] * scale, places.y[i] * scale, r, box)) wanted.push(i);
    }
    if (wanted.length > CIRCLE_MAX) {
      wanted.sort(function (a, b) { return placeOn[b] - placeOn[a] || a - b; });
      wanted.length = CIRCLE_MAX;
    }
    return wanted;
  }

  function drawCircles(v, zoom, scale, box) {
    var places = v.placed.places;
    var drawn = v.drawnCircles;
    var next = {};
    wantedCircles(v, zoom, scale, box).forEach(function (i) {
      var layer = drawn[i];
      if (layer) delete drawn[i];
      else {
        layer = L.circle([places.lat[i], places.lon[i]], Object.assign({ radius: places.radius[i] }, T.mapStyle.precision));
        v.circleLayer.addLayer(layer);
      }
      next[i] = layer;
    });
    Object.keys(drawn).forEach(function (i) {
      v.circleLayer.removeLayer(drawn[i]);
    });
    v.drawnCircles = next;
  }

  /* The markers of the open spread, and their legs, by name into `keep`. */
  function drawSpread(v, keep, zoom) {
    var spread = v.spread;
    var centre = v.map.unproject([spread.cx, spread.cy], zoom);
    var style = Object.assign({ pane: PANE, renderer: v.topRenderer }, T.mapStyle.leg);
    spread.members.forEach(function (k, i) {
      var at = v.map.unproject([spread.x[i], spread.y[i]], zoom);
      keep("l" + spread.id + ":" + k, function () {
        return L.polyline([centre, at], style);
      });
      var name = "p" + spread.id + ":" + k + (k === v.selected ? "*" : "");
      v.markerOf[k] = keep(name, marker.bind(null, v, k, at, true));
    });
  }

  /* Draw what is in view now: one pass over the placed events, then a layer
   * for each cluster and lone marker, reusing those already drawn. */
  function redraw(v) {
    v.dirty = false;
    var map = v.map;
    var placed = v.placed;
    var zoom = map.getZoom();
    if (v.spread && v.spread.zoom !== zoom) closeSpread(v);
    var scale = scaleAt(v, zoom);
    var view = map.getPixelBounds();
    var box = { minX: view.min.x - MARGIN, minY: view.min.y - MARGIN, maxX: view.max.x + MARGIN, maxY: view.max.y + MARGIN };
    var grid = (v.grid = T.cluster.bin(placed, v.on, v.skip, v.selected, v.cellOf, scale, box));
    var drawn = v.drawn;
    var next = {};
    function keep(name, make) {
      var layer = drawn[name];
      if (layer) delete drawn[name];
      else v.eventLayer.addLayer((layer = make()));
      next[name] = layer;
      return layer;
    }
    v.markerOf = {};
    var cells = [];
    for (var c = 0; c < grid.cells; c++) {
      if (!grid.count[c] || grid.root[c] !== c) continue;
      if (grid.count[c] > 1) {
        cells.push(c);
      } else {
        var k = grid.first[c];
        v.markerOf[k] = keep("m" + k, marker.bind(null, v, k, L.latLng(placed.lat[k], placed.lon[k]), false));
      }
    }
    if (v.spread) drawSpread(v, keep, zoom);
    var s = v.selected;
    if (s >= 0 && !v.markerOf[s]) {
      v.markerOf[s] = keep("s" + s, marker.bind(null, v, s, L.latLng(placed.lat[s], placed.lon[s]), true));
    }
    Object.keys(drawn).forEach(function (name) {
      v.eventLayer.removeLayer(drawn[name]);
    });
    v.drawn = next;
    drawClusters(v, cells, zoom);
    drawCircles(v, zoom, scale, box);
  }

  /* Spread events `members` (k) around (cx, cy), pixels at `zoom`, and redraw. */
  function openSpread(v, members, cx, cy, zoom) {
    closeSpread(v);
    var radius = 0;
    members.forEach(function (k) {
      radius = Math.max(radius, v.events[v.placed.index[k]].radius);
    });
    var offsets = T.cluster.spread(members.length, radius);
    v.spread = { id: ++v.spreads, zoom: zoom, members: members, x: offsets.dx, y: offsets.dy, cx: cx, cy: cy };
    members.forEach(function (k, i) {
      v.spread.x[i] += cx;
      v.spread.y[i] += cy;
      v.skip[k] = 1;
    });
    redraw(v);
  }

  /* Fold the spread, if any (the next redraw draws its events in the grid again). */
  function closeSpread(v) {
    if (!v.spread) return;
    v.spread.members.forEach(function (k) {
      v.skip[k] = 0;
    });
    v.spread = null;
  }

  T.mapDraw = {
    layers: layers,
    scaleAt: scaleAt,
    where: where,
    redraw: redraw,
    openSpread: openSpread,
    closeSpread: closeSpread
  };
})();
