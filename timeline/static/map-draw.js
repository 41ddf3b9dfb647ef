/* Drawing the map's events, as Timeline.mapDraw: what is in view becomes
 * Leaflet layers (a circle per lone event, a count per cluster, a dashed
 * circle per approximate placement, the spread markers and their legs),
 * reusing the layers already drawn, so a redraw after a pan moves little.
 *
 * A cluster of a few events (AUTO_MAX at most) with room around it is drawn
 * already spread: each event in its own colour and size on a ring around the
 * cluster's centre, a leg back to where it is, and its date beside it. Lone
 * markers get their date too where it fits, touching nothing else. Only what
 * is drawn is looked at, so this costs little however many events there are.
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
  var LABELS = "eventLabels";
  var AUTO_MAX = 8; // clusters of up to this many events are drawn spread, where there is room
  var LABEL_MAX = 300; // lone markers drawn, beyond which none is labelled
  var LABEL_H = 15; // a label's height, in pixels (style.css .event-label)

  /* The layers the events are drawn in. Selected and spread markers go above
   * the clusters' counts, in an SVG of their own. */
  function layers(map) {
    map.createPane(PANE).style.zIndex = 640;
    map.createPane(LABELS).style.zIndex = 645;
    return { eventLayer: L.layerGroup(), circleLayer: L.layerGroup(), topRenderer: L.svg({ pane: PANE }) };
  }

  /* Pixels per zoom-0 pixel at `zoom`. */
  function scaleAt(v, zoom) {
    return v.crs.scale(zoom) / v.crs.scale(0);
  }

  /* Where marker k is drawn: spread apart, or where it is. */
  function where(v, k) {
    if (v.autoAt && v.autoAt[k]) return v.autoAt[k];
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
    var title = T.mapStyle.clusterTitle(count);
    layer.count = count;
    layer.options.icon = T.mapStyle.clusterIcon(count); // for when the marker is added again
    layer.options.title = title;
    var icon = layer.getElement();
    if (!icon) return;
    icon.firstChild.textContent = T.mapStyle.count(count);
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

  /* How wide `text` is in a label, in pixels (measured once per text). */
  function labelWidth(v, text) {
    var known = v.labelWidths || (v.labelWidths = {});
    if (known[text] === undefined) {
      var ctx = v.measure || (v.measure = document.createElement("canvas").getContext("2d"));
      ctx.font = "600 11px " + window.getComputedStyle(v.map.getContainer()).fontFamily;
      known[text] = Math.ceil(ctx.measureText(text).width) + 8;
    }
    return known[text];
  }

  /* What a marker's label says: the event's date, as precise as known. */
  function labelText(v, k) {
    return v.events[v.placed.index[k]].date.label;
  }

  function labelLayer(v, k, text, at) {
    var ev = v.events[v.placed.index[k]];
    var layer = L.marker(at, {
      pane: LABELS,
      keyboard: false,
      title: ev.title,
      icon: L.divIcon({ className: "event-label", html: T.escape(text), iconSize: L.point(labelWidth(v, text), LABEL_H), iconAnchor: [0, 0] })
    });
    layer.on("click", function () { v.onPick(k); });
    layer.on("add", function () { layer.getElement().dataset.eventId = ev.id; });
    return layer;
  }

  function around(x, y, r) {
    return { x0: x - r, y0: y - r, x1: x + r, y1: y + r };
  }

  /* The map's controls (zoom, layers, legend, time slider), as boxes in
   * pixels at the current zoom: no label nor spread goes under them. */
  function controlBoxes(v, view) {
    return T.boxesIn(v.map.getContainer(), ".leaflet-control").map(function (b) {
      return { x0: view.min.x + b[0], y0: view.min.y + b[1], x1: view.min.x + b[2], y1: view.min.y + b[3] };
    });
  }

  /* Which drawn clusters to show spread, and where labels go, at `zoom`:
   * {spreads: [{items, cells, members, cx, cy, lay}], labels: [{k, text, box}]},
   * boxes in pixels at `zoom`. */
  function arrange(v, grid, zoom, scale, view) {
    var a = {
      v: v, grid: grid, view: view, controls: controlBoxes(v, view),
      items: [], // {c, k, x, y, box}: what is drawn at its place (c: its square; k: a lone event, or -1)
      joins: -1, // the item the selected event is drawn with, spread with its events
      selectedAt: -1 // the item of the selected event itself
    };
    a.scale = scale;
    drawnItems(a, scale);
    var chosen = chooseSpreads(a, spreadCandidates(a));
    return {
      spreads: chosen.list,
      labels: labelAlone(a, chosen),
      selectedSpread: chosen.list.some(function (one) { return one.items.indexOf(a.joins) >= 0; })
    };
  }

  function inView(view, x, y) {
    return x >= view.min.x && x <= view.max.x && y >= view.min.y && y <= view.max.y;
  }

  function insideView(view, b) {
    return b.x0 >= view.min.x && b.x1 <= view.max.x && b.y0 >= view.min.y && b.y1 <= view.max.y;
  }

  /* One item per cluster or lone marker drawn, and the selected event's own,
   * joined to the cluster it is drawn over (if that one may be spread). */
  function drawnItems(a, scale) {
    var grid = a.grid, placed = a.v.placed, items = a.items;
    for (var c = 0; c < grid.cells; c++) {
      if (!grid.count[c] || grid.root[c] !== c) continue;
      var cx = grid.sumX[c] / grid.count[c];
      var cy = grid.sumY[c] / grid.count[c];
      var lone = grid.count[c] === 1 ? grid.first[c] : -1;
      items.push({ c: c, k: lone, x: cx, y: cy, box: around(cx, cy, lone >= 0 ? placed.radius[lone] : T.cluster.size(grid.count[c]) / 2) });
    }
    var s = a.v.selected;
    if (s < 0) return;
    var sx = placed.x[s] * scale;
    var sy = placed.y[s] * scale;
    var nearest = Infinity;
    items.forEach(function (item, i) {
      var dx = item.x - sx, dy = item.y - sy;
      var reach = (item.box.x1 - item.box.x0) / 2 + placed.radius[s];
      var d = dx * dx + dy * dy;
      if (d <= reach * reach && d < nearest && grid.count[item.c] < AUTO_MAX) {
        nearest = d;
        a.joins = i;
      }
    });
    items.push({ c: -1, k: s, x: sx, y: sy, box: around(sx, sy, placed.radius[s]) });
    a.selectedAt = items.length - 1;
  }

  /* The clusters small enough to spread, each with its members and its
   * ring laid out (layOut), smallest first. Candidates whose rings would
   * touch, or touch a lone marker, are joined into one ring while it holds
   * AUTO_MAX events at most (Kabul's sites, the city and the country around
   * them: one ring, not two counts and a marker in the way). */
  function spreadCandidates(a) {
    var v = a.v, grid = a.grid;
    var cand = {}; // c -> {items, cells, members, lone}
    var any = false;
    a.items.forEach(function (item, i) {
      var n = grid.count[item.c] + (i === a.joins ? 1 : 0);
      if (item.c < 0 || n > AUTO_MAX) return;
      cand[item.c] = { items: [i], cells: [item.c], members: [], lone: n === 1, parts: [item.box], cx: item.x, cy: item.y };
      if (n > 1) any = true;
    });
    if (!any) return [];
    // Each candidate's members, in one pass over the events with typed lookups
    // only (a million events: an object looked up for each costs tens of ms).
    var candOf = new Int32Array(grid.cells).fill(-1);
    var list = [];
    Object.keys(cand).forEach(function (key) {
      candOf[key] = list.length;
      list.push(cand[key]);
    });
    var cellOf = v.cellOf, root = grid.root;
    for (var k = 0; k < v.placed.count; k++) {
      var c = cellOf[k];
      if (c < 0) continue;
      var j = candOf[root[c]];
      if (j >= 0) list[j].members.push(k);
    }
    var spreads = Object.keys(cand).map(function (key) {
      var one = cand[key];
      if (one.items[0] === a.joins) one.members.push(v.selected);
      return one.lone ? one : layOut(a, one);
    });
    joinTouching(a, spreads);
    spreads = spreads.filter(function (one) { return !one.lone; });
    spreads.sort(function (x, y) { return x.members.length - y.members.length || x.cells[0] - y.cells[0]; });
    return spreads;
  }

  /* Join candidates whose rings would touch (or a ring and a lone marker),
   * while the joined ring holds AUTO_MAX events at most; the nearest pair first. */
  function joinTouching(a, spreads) {
    for (;;) {
      var pair = null, nearest = Infinity;
      for (var i = 0; i < spreads.length; i++) {
        for (var j = i + 1; j < spreads.length; j++) {
          var p = spreads[i], q = spreads[j];
          if (p.lone && q.lone || p.members.length + q.members.length > AUTO_MAX) continue;
          var d = Math.pow(p.cx - q.cx, 2) + Math.pow(p.cy - q.cy, 2);
          if (d < nearest && touching(p.parts, q.parts)) {
            nearest = d;
            pair = [i, j];
          }
        }
      }
      if (!pair) return;
      var into = spreads[pair[0]], from = spreads.splice(pair[1], 1)[0];
      into.items = into.items.concat(from.items);
      into.cells = into.cells.concat(from.cells);
      into.members = into.members.concat(from.members);
      into.lone = false;
      layOut(a, into);
    }
  }

  function touching(parts, others) {
    return parts.some(function (b) {
      return others.some(function (c) { return T.cluster.overlaps(b, c, 3); });
    });
  }

  /* A candidate's ring: around the middle of its members, each on the slot
   * that keeps the legs from crossing (T.cluster.ringOrder; at one spot, in
   * date order), with its date label beside it. */
  function layOut(a, one) {
    var v = a.v, placed = v.placed, scale = a.scale;
    var xs = [], ys = [];
    one.members.sort(function (x, y) {
      var ex = v.events[placed.index[x]].date.start, ey = v.events[placed.index[y]].date.start;
      return ex < ey ? -1 : ex > ey ? 1 : x - y;
    });
    one.cx = one.cy = 0;
    one.members.forEach(function (m) {
      xs.push(placed.x[m] * scale);
      ys.push(placed.y[m] * scale);
      one.cx += xs[xs.length - 1] / one.members.length;
      one.cy += ys[ys.length - 1] / one.members.length;
    });
    var ring = function () {
      var radii = one.members.map(function (m) { return placed.radius[m]; });
      var sizes = one.members.map(function (m) { return [labelWidth(v, labelText(v, m)), LABEL_H]; });
      return T.cluster.ring(radii, sizes);
    };
    var members = one.members.slice();
    one.members = T.cluster.ringOrder(xs, ys, one.cx, one.cy, ring().r).map(function (i) { return members[i]; });
    one.lay = ring();
    var shift = function (b) { return { x0: one.cx + b.x0, y0: one.cy + b.y0, x1: one.cx + b.x1, y1: one.cy + b.y1 }; };
    one.box = shift(one.lay.box);
    one.parts = [around(one.cx, one.cy, one.lay.r)].concat(one.lay.marker.map(shift), one.lay.label.map(shift));
    return one;
  }

  /* The smallest first, a cluster is spread where its ring, markers and
   * labels touch nothing else drawn: no other marker or count, no spread
   * already chosen, no control; one whose centre is in view only where it
   * is all in view. {list, taken: the items drawn in a spread}. */
  function chooseSpreads(a, spreads) {
    var list = [];
    var taken = {};
    var clashes = function (parts, boxes) {
      return parts.some(function (part) {
        return boxes.some(function (b) { return T.cluster.overlaps(part, b, 3); });
      });
    };
    spreads.forEach(function (one) {
      if (inView(a.view, one.cx, one.cy) && !one.parts.every(function (b) { return insideView(a.view, b); })) return;
      var others = [];
      a.items.forEach(function (item, i) {
        var own = one.items.indexOf(i) >= 0 || (i === a.selectedAt && one.items.indexOf(a.joins) >= 0);
        if (!own && !taken[i]) others.push(item.box);
      });
      list.forEach(function (done) { others.push.apply(others, done.parts); });
      others.push.apply(others, a.controls);
      if (clashes(one.parts, others)) return;
      list.push(one);
      one.items.forEach(function (i) { taken[i] = true; });
      if (one.items.indexOf(a.joins) >= 0) taken[a.selectedAt] = true;
    });
    return { list: list, taken: taken };
  }

  /* A date label beside each lone marker (the largest first) where one fits
   * clear of everything drawn; none when there are more than LABEL_MAX. */
  function labelAlone(a, chosen) {
    var v = a.v, placed = v.placed;
    var occupied = a.controls.slice();
    chosen.list.forEach(function (one) { occupied.push.apply(occupied, one.parts); });
    var alone = [];
    a.items.forEach(function (item, i) {
      if (chosen.taken[i]) return;
      occupied.push(item.box);
      if (item.k >= 0) alone.push(item);
    });
    var labels = [];
    if (alone.length > LABEL_MAX) return labels;
    var clearOf = function (b, own) {
      return occupied.every(function (o) { return o === own || !T.cluster.overlaps(b, o, 2); });
    };
    alone.sort(function (x, y) { return placed.radius[y.k] - placed.radius[x.k] || x.k - y.k; });
    alone.forEach(function (item) {
      var text = labelText(v, item.k);
      var w = labelWidth(v, text);
      var seen = inView(a.view, item.x, item.y);
      var sides = ["right", "left", "above", "below"];
      for (var i = 0; i < sides.length; i++) {
        var b = T.cluster.labelBeside(item.x, item.y, placed.radius[item.k], w, LABEL_H, sides[i]);
        if ((seen && !insideView(a.view, b)) || !clearOf(b, item.box)) continue;
        occupied.push(b);
        labels.push({ k: item.k, text: text, box: b });
        return;
      }
    });
    return labels;
  }

  /* The spread clusters (markers, legs, labels) and the lone markers' labels, by name into `keep`. */
  function drawArranged(v, plan, keep, zoom, scale) {
    var map = v.map;
    var placed = v.placed;
    var leg = Object.assign({ pane: PANE, renderer: v.topRenderer }, T.mapStyle.leg);
    plan.spreads.forEach(function (one) {
      var id = zoom + ":" + Math.round(one.cx) + ":" + Math.round(one.cy) + ":";
      one.members.forEach(function (k, i) {
        var x = one.cx + one.lay.x[i];
        var y = one.cy + one.lay.y[i];
        var at = map.unproject([x, y], zoom);
        var spot = map.unproject([placed.x[k] * scale, placed.y[k] * scale], zoom);
        v.autoAt[k] = at;
        keep("al" + id + k, function () { return L.polyline([spot, at], leg); });
        v.markerOf[k] = keep("am" + id + k + (k === v.selected ? "*" : ""), marker.bind(null, v, k, at, true));
        var b = one.lay.label[i];
        var corner = map.unproject([one.cx + b.x0, one.cy + b.y0], zoom);
        keep("at" + id + k, labelLayer.bind(null, v, k, labelText(v, k), corner));
      });
    });
    plan.labels.forEach(function (label) {
      var corner = map.unproject([label.box.x0, label.box.y0], zoom);
      keep("t" + zoom + ":" + Math.round(label.box.x0) + ":" + Math.round(label.box.y0) + ":" + label.k, labelLayer.bind(null, v, label.k, label.text, corner));
    });
  }

  /* Draw what is in view now: one pass over the placed events, then a layer
   * for each cluster and lone marker, reusing those already drawn. */
  var drawings = 0; // of every map's events, for map-places.js: whether its names may need drawing again
  function redraw(v) {
    drawings++;
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
    v.autoAt = {};
    var plan = arrange(v, grid, zoom, scale, view);
    var spreadCell = {};
    plan.spreads.forEach(function (one) {
      one.cells.forEach(function (c) { spreadCell[c] = true; });
    });
    var cells = [];
    for (var c = 0; c < grid.cells; c++) {
      if (!grid.count[c] || grid.root[c] !== c || spreadCell[c]) continue;
      if (grid.count[c] > 1) {
        cells.push(c);
      } else {
        var k = grid.first[c];
        v.markerOf[k] = keep("m" + k, marker.bind(null, v, k, L.latLng(placed.lat[k], placed.lon[k]), false));
      }
    }
    if (v.spread) drawSpread(v, keep, zoom);
    drawArranged(v, plan, keep, zoom, scale);
    var s = v.selected;
    if (s >= 0 && !v.markerOf[s]) {
      v.markerOf[s] = keep("s" + s, marker.bind(null, v, s, L.latLng(placed.lat[s], placed.lon[s]), true));
    }
    stepRings(v, keep);
    Object.keys(drawn).forEach(function (name) {
      v.eventLayer.removeLayer(drawn[name]);
    });
    v.drawn = next;
    drawClusters(v, cells, zoom);
    markStepClusters(v);
    drawCircles(v, zoom, scale, box);
  }

  /* A story's step (state.step()): a ring of the story's colour around
   * each of its events drawn on its own (not counted in a cluster). */
  function stepRings(v, keep) {
    var now = v.state.step();
    if (!now) return;
    now.events.forEach(function (i) {
      var k = v.placed.byEvent[i];
      var drawn = k >= 0 ? v.markerOf[k] : null;
      if (!drawn) return;
      var at = drawn.getLatLng();
      keep("r" + k + ":" + at.lat + ":" + at.lng, function () {
        return L.circleMarker(at, Object.assign({ pane: PANE, renderer: v.topRenderer, radius: v.placed.radius[k] + 5 }, T.mapStyle.stepRing));
      });
    });
  }

  /* A story's step: the clusters that count one of its events ringed too (class in-step). */
  function markStepClusters(v) {
    var now = v.state.step();
    var holds = {};
    if (now) {
      now.events.forEach(function (i) {
        var k = v.placed.byEvent[i];
        if (k >= 0 && v.cellOf[k] >= 0) holds[v.grid.root[v.cellOf[k]]] = true;
      });
    }
    v.clusters.forEach(function (layer) {
      var icon = layer.getElement();
      if (icon) icon.classList.toggle("in-step", !!holds[layer.cell]);
    });
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
    drawings: function () { return drawings; },
    openSpread: openSpread,
    closeSpread: closeSpread,
    AUTO_MAX: AUTO_MAX
  };
})();
