/* The map's arithmetic, on arrays and numbers only (no Leaflet, no page), as
 * Timeline.cluster: the placed events as typed arrays, sorting them into
 * CELL-pixel squares and joining squares whose symbols would touch, how wide a
 * cluster is drawn, the offsets that spread events at one spot apart, the
 * zoom at which an event stands apart from its neighbours, whether a
 * dashed circle's edge crosses the view, and the labelled ring a few events
 * at one spot are drawn in (ring, overlaps, labelBeside), and the order
 * that keeps their legs from crossing (ringOrder). Tested on its own
 * (tests/test_map_js_units.py).
 *
 * Positions are pixels at zoom 0 (a world 256 pixels wide); a view at zoom z
 * is `scale` = 2^z times that.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var CELL = 60; // a grid square, in screen pixels
  var SEPARATE = 30; // a selected event is shown at a zoom where its nearest neighbour is this far away
  var MAX_LATITUDE = 85.0511287798;

  /* How wide a cluster of `count` events is drawn, in pixels. */
  function size(count) {
    return count < 10 ? 30 : count < 100 ? 36 : count < 10000 ? 44 : 52;
  }

  /* The index of each distinct approximate placement (lat, lon, radius_m);
   * number keys in nested Maps: faster than strings. */
  function placeIndex(places) {
    var byLat = new Map();
    return function (loc, x, y) {
      var byLon = byLat.get(loc.lat);
      if (!byLon) byLat.set(loc.lat, (byLon = new Map()));
      var byRadius = byLon.get(loc.lon);
      if (!byRadius) byLon.set(loc.lon, (byRadius = new Map()));
      var at = byRadius.get(loc.radius_m);
      if (at === undefined) {
        at = places.count++;
        byRadius.set(loc.radius_m, at);
        places.lat.push(loc.lat);
        places.lon.push(loc.lon);
        places.radius.push(loc.radius_m);
        places.x.push(x);
        places.y.push(y);
      }
      return at;
    };
  }

  /* The placed events as typed arrays, k = 0 .. count - 1: which event each is
   * (index), where (lat, lon, and x, y in pixels at zoom 0), and which distinct
   * approximate placement it shares a dashed circle with (place, or -1).
   * `project(lat, lon)` gives {x, y} at zoom 0; without it, Leaflet's
   * spherical Mercator, written out. With `data` (the page's, whose events
   * `events` are), read from its columns: each place's row worked out once,
   * no event object read. */
  function placed(events, project, data) {
    var n = events.length;
    var read = data && data.events === events && data.columns ? columnsOf(data) : eventsOf(events);
    var count = 0;
    var i;
    for (i = 0; i < n; i++) if (read.row[i] >= 0) count++;
    var p = {
      count: count,
      index: new Int32Array(count),
      lat: new Float64Array(count),
      lon: new Float64Array(count),
      x: new Float64Array(count),
      y: new Float64Array(count),
      radius: new Float32Array(count),
      place: new Int32Array(count),
      byEvent: new Int32Array(n),
      used: {},
      places: { count: 0, lat: [], lon: [], radius: [], x: [], y: [] }
    };
    var placeOf = placeIndex(p.places);
    // Each place row's position and dashed circle, worked out when first met.
    var rows = read.rows;
    var rowX = new Float64Array(rows.length), rowY = new Float64Array(rows.length);
    var rowPlace = new Int32Array(rows.length), seen = new Uint8Array(rows.length);
    var k = 0;
    for (i = 0; i < n; i++) {
      var r = read.row[i];
      p.byEvent[i] = -1;
      if (r < 0) continue;
      var loc = rows[r];
      if (!seen[r]) {
        seen[r] = 1;
        if (!project) {
          var sin = Math.sin((Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, loc.lat)) * Math.PI) / 180);
          rowX[r] = 128 + (loc.lon * 256) / 360;
          rowY[r] = 128 - (64 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
        } else {
          var point = project(loc.lat, loc.lon);
          rowX[r] = point.x;
          rowY[r] = point.y;
        }
        rowPlace[r] = loc.radius_m ? placeOf(loc, rowX[r], rowY[r]) : -1;
      }
      p.byEvent[i] = k;
      p.index[k] = i;
      p.lat[k] = loc.lat;
      p.lon[k] = loc.lon;
      p.radius[k] = read.radius(i);
      p.used[read.category(i)] = true;
      p.x[k] = rowX[r];
      p.y[k] = rowY[r];
      p.place[k] = rowPlace[r];
      k++;
    }
    return p;
  }

  /* placed()'s reading of the page's columns (common.js expand): each
   * event's place row (-1: not placed), radius and category. */
  function columnsOf(data) {
    var E = data.columns.events;
    return { row: E.loc.array, rows: data.placeRows, radius: reader(E.radius), category: reader(E.category) };
  }

  function reader(col) {
    var array = col.array;
    if (array) return function (i) { return array[i]; };
    return function (i) { return col.get(i); };
  }

  /* ... and of a list of plain events (each place its own row). */
  function eventsOf(events) {
    var rows = events.map(function (ev) { return ev.loc; });
    return {
      row: Int32Array.from(rows, function (loc, i) { return loc ? i : -1; }),
      rows: rows,
      radius: function (i) { return events[i].radius; },
      category: function (i) { return events[i].category; }
    };
  }

  /* Join squares whose symbols would touch, drawn at the centre of their
   * events, until none do (a join moves the centre; at most four passes): the
   * later one points to the earlier in `root`, its count moved there. */
  function join(g, width) {
    var count = g.count, sumX = g.sumX, sumY = g.sumY, root = g.root;
    var used = [];
    for (var c = 0; c < g.cells; c++) {
      root[c] = c;
      if (count[c]) used.push(c);
    }
    var joined = true;
    for (var pass = 0; joined && pass < 4; pass++) {
      joined = false;
      for (var i = 0; i < used.length; i++) {
        var a = used[i];
        if (!count[a]) continue;
        for (var j = i + 1; j < used.length; j++) {
          var b = used[j];
          if (!count[b]) continue;
          var dx = sumX[a] / count[a] - sumX[b] / count[b];
          var dy = sumY[a] / count[a] - sumY[b] / count[b];
          var reach = (width(a) + width(b)) / 2 + 4;
          if (dx * dx + dy * dy >= reach * reach) continue;
          count[a] += count[b];
          sumX[a] += sumX[b];
          sumY[a] += sumY[b];
          count[b] = 0;
          root[b] = a;
          joined = true;
        }
      }
    }
    for (c = 0; c < g.cells; c++) {
      var r = root[c];
      while (root[r] !== r) r = root[r];
      root[c] = r;
    }
  }

  /* Sort the placed events that are `on`, but not `skip` nor `except`, into squares of CELL
   * pixels over `box` (pixels at the current zoom, `scale` times zoom 0). Each
   * event's square goes to cellOf[k] (-1 when outside the box). Squares whose
   * symbols would touch are then joined (join). A square c is drawn when
   * count[c] > 0 and root[c] === c: event first[c] alone, or a cluster of
   * count[c] at (sumX[c], sumY[c]) / count[c]. */
  function bin(p, on, skip, except, cellOf, scale, box) {
    var gx = Math.floor(box.minX / CELL);
    var gy = Math.floor(box.minY / CELL);
    var cols = Math.floor(box.maxX / CELL) - gx + 1;
    var rows = Math.floor(box.maxY / CELL) - gy + 1;
    var cells = cols * rows;
    var count = new Int32Array(cells);
    var first = new Int32Array(cells);
    var sumX = new Float64Array(cells);
    var sumY = new Float64Array(cells);
    var x0 = p.x;
    var y0 = p.y;
    for (var k = 0; k < p.count; k++) {
      cellOf[k] = -1;
      if (!on[k] || skip[k] || k === except) continue;
      var x = x0[k] * scale;
      if (x < box.minX || x > box.maxX) continue;
      var y = y0[k] * scale;
      if (y < box.minY || y > box.maxY) continue;
      var c = (Math.floor(y / CELL) - gy) * cols + Math.floor(x / CELL) - gx;
      if (count[c] === 0) first[c] = k;
      count[c]++;
      sumX[c] += x;
      sumY[c] += y;
      cellOf[k] = c;
    }
    var grid = { cells: cells, count: count, first: first, sumX: sumX, sumY: sumY, root: new Int32Array(cells) };
    join(grid, function (c) {
      return count[c] === 1 ? 2 * p.radius[first[c]] : size(count[c]);
    });
    return grid;
  }

  /* The events counted in the cluster drawn for square c. */
  function members(grid, cellOf, c) {
    var found = [];
    var root = grid.root;
    for (var k = 0; k < cellOf.length; k++) if (cellOf[k] >= 0 && root[cellOf[k]] === c) found.push(k);
    return found;
  }

  /* The box around events `ks`: in pixels at zoom 0 (x0, x1, y0, y1) and in
   * degrees (south, north, west, east). */
  function extent(p, ks) {
    var e = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
    e.south = e.west = Infinity;
    e.north = e.east = -Infinity;
    ks.forEach(function (k) {
      e.x0 = Math.min(e.x0, p.x[k]);
      e.x1 = Math.max(e.x1, p.x[k]);
      e.y0 = Math.min(e.y0, p.y[k]);
      e.y1 = Math.max(e.y1, p.y[k]);
      e.south = Math.min(e.south, p.lat[k]);
      e.north = Math.max(e.north, p.lat[k]);
      e.west = Math.min(e.west, p.lon[k]);
      e.east = Math.max(e.east, p.lon[k]);
    });
    return e;
  }

  /* Pixel offsets that spread `n` markers of radius up to `radius` around a
   * point: a ring for a few, a spiral for more. */
  function spread(n, radius) {
    var gap = Math.max(24, 2 * radius + 6);
    var dx = new Float64Array(n);
    var dy = new Float64Array(n);
    var i;
    if (n <= 8) {
      var ring = Math.max(gap, (gap * n) / (2 * Math.PI));
      for (i = 0; i < n; i++) {
        var angle = -Math.PI / 2 + (i * 2 * Math.PI) / n;
        dx[i] = ring * Math.cos(angle);
        dy[i] = ring * Math.sin(angle);
      }
    } else {
      var theta = 0;
      for (i = 0; i < n; i++) {
        var r = gap + (gap * theta) / (2 * Math.PI);
        dx[i] = r * Math.cos(theta);
        dy[i] = r * Math.sin(theta);
        theta += gap / r;
      }
    }
    return { dx: dx, dy: dy };
  }

  /* The zoom, from `zoom` up to `maxZoom`, at which event k's nearest
   * neighbour among those `on` is SEPARATE pixels away (distances grow twofold
   * with each zoom level). Events at the very same spot cannot be parted. */
  function zoomToPart(p, on, k, zoom, maxZoom) {
    var nearest = Infinity;
    var x = p.x[k];
    var y = p.y[k];
    for (var j = 0; j < p.count; j++) {
      if (!on[j] || j === k) continue;
      var dx = p.x[j] - x;
      var dy = p.y[j] - y;
      var d = dx * dx + dy * dy;
      if (d > 0 && d < nearest) nearest = d;
    }
    if (nearest === Infinity) return zoom;
    var need = Math.ceil(Math.log(SEPARATE / Math.sqrt(nearest)) / Math.LN2);
    return Math.min(maxZoom, Math.max(zoom, need));
  }

  /* Does the edge of the circle of radius r around (x, y) cross `box`? Its
   * nearest point is inside the circle and its farthest corner outside. */
  function edgeCrosses(x, y, r, box) {
    var nearX = Math.max(box.minX - x, 0, x - box.maxX);
    var nearY = Math.max(box.minY - y, 0, y - box.maxY);
    var farX = Math.max(x - box.minX, box.maxX - x);
    var farY = Math.max(y - box.minY, box.maxY - y);
    return nearX * nearX + nearY * nearY <= r * r && farX * farX + farY * farY >= r * r;
  }

  /* Do boxes a and b ({x0, y0, x1, y1}) overlap, or come closer than `pad`? */
  function overlaps(a, b, pad) {
    pad = pad || 0;
    return a.x0 < b.x1 + pad && b.x0 < a.x1 + pad && a.y0 < b.y1 + pad && b.y0 < a.y1 + pad;
  }

  function rect(x0, y0, x1, y1) {
    return { x0: x0, y0: y0, x1: x1, y1: y1 };
  }

  /* The box of a label w by h beside a marker of radius r at (x, y), on
   * `side`: "right", "left", "above" or "below", 3 pixels clear of it. */
  function labelBeside(x, y, r, w, h, side) {
    if (side === "right") return rect(x + r + 3, y - h / 2, x + r + 3 + w, y + h / 2);
    if (side === "left") return rect(x - r - 3 - w, y - h / 2, x - r - 3, y + h / 2);
    if (side === "above") return rect(x - w / 2, y - r - 2 - h, x + w / 2, y - r - 2);
    return rect(x - w / 2, y + r + 2, x + w / 2, y + r + 2 + h);
  }

  /* The side facing away from the centre, for a marker at `angle`. */
  function outward(angle) {
    var c = Math.cos(angle);
    if (c > 0.35) return "right";
    if (c < -0.35) return "left";
    return Math.sin(angle) < 0 ? "above" : "below";
  }

  function ringAt(radii, labels, r) {
    var n = radii.length;
    var lay = { r: r, x: [], y: [], marker: [], label: [], box: rect(-r, -r, r, r) };
    for (var i = 0; i < n; i++) {
      var angle = -Math.PI / 2 + (i * 2 * Math.PI) / n;
      var x = r * Math.cos(angle);
      var y = r * Math.sin(angle);
      var m = rect(x - radii[i], y - radii[i], x + radii[i], y + radii[i]);
      var l = labelBeside(x, y, radii[i], labels[i][0], labels[i][1], outward(angle));
      lay.x.push(x);
      lay.y.push(y);
      lay.marker.push(m);
      lay.label.push(l);
      [m, l].forEach(function (b) {
        lay.box = rect(Math.min(lay.box.x0, b.x0), Math.min(lay.box.y0, b.y0), Math.max(lay.box.x1, b.x1), Math.max(lay.box.y1, b.y1));
      });
    }
    return lay;
  }

  function crowded(lay, radii) {
    var n = radii.length;
    for (var i = 0; i < n; i++) {
      for (var j = i + 1; j < n; j++) {
        var dx = lay.x[i] - lay.x[j];
        var dy = lay.y[i] - lay.y[j];
        var reach = radii[i] + radii[j] + 3;
        if (dx * dx + dy * dy < reach * reach) return true;
        if (overlaps(lay.label[i], lay.label[j], 2)) return true;
        if (overlaps(lay.label[i], lay.marker[j], 1) || overlaps(lay.label[j], lay.marker[i], 1)) return true;
      }
    }
    return false;
  }

  /* Markers of `radii` around a point, clockwise from the top, each with its
   * label of `labels[i]` = [width, height] beside it, facing out: the
   * smallest ring (but wide enough to leave the point itself in sight) on
   * which no two markers or labels touch. Offsets in pixels from the point:
   * x, y (markers), marker and label (boxes), and box, around it all. */
  function ring(radii, labels) {
    var r = Math.max(Math.max.apply(null, radii) + 10, 18);
    var lay = ringAt(radii, labels, r);
    for (var tries = 0; tries < 60 && crowded(lay, radii); tries++) {
      r += 4;
      lay = ringAt(radii, labels, r);
    }
    return lay;
  }

  /* How many pairs of segments [x0, y0, x1, y1] cross (sharing an end is not crossing). */
  function crossings(segments) {
    var side = function (s, x, y) {
      var v = (s[2] - s[0]) * (y - s[1]) - (s[3] - s[1]) * (x - s[0]);
      return Math.abs(v) < 1e-9 ? 0 : v > 0 ? 1 : -1;
    };
    var count = 0;
    for (var i = 0; i < segments.length; i++) {
      for (var j = i + 1; j < segments.length; j++) {
        var p = segments[i], q = segments[j];
        if (side(p, q[0], q[1]) * side(p, q[2], q[3]) < 0 && side(q, p[0], p[1]) * side(q, p[2], p[3]) < 0) count++;
      }
    }
    return count;
  }

  /* The order in which events at (xs[i], ys[i]) take the slots of a ring of
   * radius r around (cx, cy) (T.cluster.ring: clockwise from the top), so
   * that no two legs cross: by their direction from the centre, clockwise
   * from the top, turned so that the fewest legs cross, then so that they are
 * shortest in all. Events at one
   * spot, or at the centre itself, keep their given order. Slot s takes
   * event order[s]. */
  function ringOrder(xs, ys, cx, cy, r) {
    var n = xs.length;
    var turn = [];
    var i;
    for (i = 0; i < n; i++) {
      var dx = xs[i] - cx, dy = ys[i] - cy;
      var a = dx * dx + dy * dy < 0.25 ? 0 : Math.atan2(dy, dx) + Math.PI / 2;
      a = Math.round(((a + 2 * Math.PI) % (2 * Math.PI)) * 1e6) / 1e6; // one spot, one direction
      turn.push(a);
    }
    var sorted = xs.map(function (_, j) { return j; });
    sorted.sort(function (p, q) { return turn[p] - turn[q] || p - q; });
    var best = null, bestCost = [Infinity, Infinity];
    for (var rot = 0; rot < n; rot++) {
      var order = new Array(n);
      var legs = new Array(n);
      var length = 0;
      for (var j = 0; j < n; j++) {
        var s = (j + rot) % n;
        var angle = -Math.PI / 2 + (s * 2 * Math.PI) / n;
        var e = sorted[j];
        legs[j] = [xs[e], ys[e], cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
        length += Math.pow(legs[j][2] - xs[e], 2) + Math.pow(legs[j][3] - ys[e], 2);
        order[s] = e;
      }
      var cost = [crossings(legs), length];
      if (cost[0] < bestCost[0] || (cost[0] === bestCost[0] && cost[1] < bestCost[1] - 1e-6)) {
        bestCost = cost;
        best = order;
      }
    }
    return best || [];
  }

  T.cluster = {
    CELL: CELL,
    SEPARATE: SEPARATE,
    size: size,
    placed: placed,
    bin: bin,
    members: members,
    extent: extent,
    spread: spread,
    zoomToPart: zoomToPart,
    edgeCrosses: edgeCrosses,
    overlaps: overlaps,
    labelBeside: labelBeside,
    ring: ring,
    ringOrder: ringOrder,
    crossings: crossings
  };
})();
