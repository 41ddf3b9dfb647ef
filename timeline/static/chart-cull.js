/* What of the chart can be seen, for the WebGL chart (500 events or more),
 * which a browser without a GPU fills pixel by pixel on the CPU: the markers
 * not wholly under later ones, and the bars merged into runs. Pure functions
 * of arrays and numbers (no page, no plotly), on T.cull; chart.js calls them
 * on every change of filters, range or width, and
 * tests/test_chart_js_units.py tests them alone. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var DAY = 86400000;
  // WebGL draws overlapping bars darker, each at the trace's opacity (0.35):
  // bars are merged into runs, each as deep as the bars there, up to this
  // many (eight deep is 97% of full colour; deeper does not show).
  var SPAN_DEPTH = 8;
  // A marker centred this many pixels outside the plot may still show (the
  // largest is 1.3 * 26 wide, and a line of 1.5 around it).
  var EDGE_PX = 20;

  /* The events `members` in the order of their `ms` (whole days; ties in
   * the order of members), in one numeric sort of day and position packed
   * into one number (no comparator called a million times). */
  function order(members, ms) {
    var SLOTS = 4194304; // 2^22 positions a day; days from 1970 fit in 2^30 either way
    var packed = new Float64Array(members.length);
    for (var k = 0; k < members.length; k++) packed[k] = (ms[members[k]] / DAY + 1073741824) * SLOTS + k;
    packed.sort();
    var out = new Int32Array(members.length);
    for (var j = 0; j < packed.length; j++) out[j] = members[packed[j] % SLOTS];
    return out;
  }

  /* What can be seen of a marker trace `b` ({members: event indices, x: ms,
   * size: diameters in pixels, both by position; open: hollow markers or
   * rings}) at `view` ({from, to} in ms, `width` in pixels), the events
   * being drawn in the order of members: the positions of the events
   * `shown` (by event index), less those outside the plot (with a plot's
   * width to spare on each side, for panning) and those wholly under markers
   * drawn later in the same lane. Positions are taken to the pixel column.
   * The markers of a lane are all centred on one line, so what the later
   * filled markers cover is, in each column, a band as tall as the tallest
   * of their discs there: a filled marker is left out when its disc is
   * inside that band in every column it spans. An open one (hollow marker,
   * ring) is left out when a later one of the same size is in the same
   * column (a larger ring hides nothing), and a ring also when it is inside
   * `band`, the band of its lane's filled markers (drawn after the rings).
   * Returns the positions kept and, for filled markers, their band. */
  function markers(b, shown, view, band) {
    var members = b.members;
    var x = b.x;
    var size = b.size;
    var width = view.width;
    var scale = width / (view.to - view.from);
    var low = -width - EDGE_PX;
    var columns = 3 * width + 2 * EDGE_PX + 1;
    // Filled: in each column, half the height of the band the discs drawn
    // later cover there (-1: none).
    var cover = b.open ? null : new Float64Array(columns).fill(-1);
    var seen = b.open ? new Set() : null; // open: column and size of each marker drawn later
    var keep = new Int32Array(members.length);
    var n = 0;
    for (var k = members.length - 1; k >= 0; k--) {
      if (!shown[members[k]]) continue;
      var column = Math.floor((x[k] - view.from) * scale);
      if (column < low || column >= low + columns) continue;
      var c = column - low;
      if (seen) {
        if (band && under(band, c, size[k] / 2)) continue;
        var key = column * 4096 + Math.round(size[k] * 10);
        if (seen.has(key)) continue;
        seen.add(key);
      } else {
        var r = size[k] / 2;
        if (under(cover, c, r)) continue;
        for (var d = 0; d <= r; d++) {
          var half = Math.sqrt(r * r - d * d);
          if (c - d >= 0 && cover[c - d] < half) cover[c - d] = half;
          if (c + d < columns && cover[c + d] < half) cover[c + d] = half;
        }
      }
      keep[n++] = k;
    }
    return { keep: keep.subarray(0, n).reverse(), band: cover }; // kept in the trace's own order
  }

  /* Is a disc of radius r centred in column c inside the band `cover` (half
   * its height in each column), in every column the disc spans? */
  function under(cover, c, r) {
    if (!(cover[c] >= r)) return false;
    for (var d = 1; d <= r; d++) {
      var half = Math.sqrt(r * r - d * d);
      if (!(cover[c - d] >= half) || !(cover[c + d] >= half)) return false;
    }
    return true;
  }

  /* A span trace's bars at `view` as WebGL draws them: the bars of the
   * events `shown` (bar i from first[i] to end[i], in ms; byStart and byEnd:
   * the trace's events in the order of their starts and of their ends, see
   * order()), merged into runs at each depth of overlap up to SPAN_DEPTH (a
   * gap under a pixel closed), those wholly outside the plot (with a plot's
   * width to spare each side) left out. Returns [start, end, NaN, ...]. */
  function runs(byStart, byEnd, first, end, shown, view) {
    var span = view.to - view.from;
    var lo = view.from - span;
    var hi = view.to + span;
    var gap = span / view.width;
    var open = new Float64Array(SPAN_DEPTH + 1).fill(NaN); // where the run at each depth started
    var closed = new Float64Array(SPAN_DEPTH + 1).fill(NaN); // where it ended, if it has
    var xs = [];
    function emit(level) {
      var a = open[level];
      var z = closed[level];
      if (z >= lo && a <= hi) xs.push(a, z, NaN);
      open[level] = closed[level] = NaN;
    }
    var s = 0;
    var e = 0;
    var depth = 0;
    while (s < byStart.length || e < byEnd.length) {
      var startAt = s < byStart.length ? first[byStart[s]] : Infinity;
      var endAt = e < byEnd.length ? end[byEnd[e]] : Infinity;
      if (endAt <= startAt) {
        var i = byEnd[e++];
        if (!shown[i]) continue;
        if (depth <= SPAN_DEPTH) closed[depth] = endAt;
        depth--;
      } else {
        var j = byStart[s++];
        if (!shown[j]) continue;
        depth++;
        if (depth > SPAN_DEPTH) continue;
        if (open[depth] === open[depth] && closed[depth] === closed[depth] && startAt - closed[depth] >= gap) emit(depth);
        if (open[depth] !== open[depth]) open[depth] = startAt;
        closed[depth] = NaN;
      }
    }
    for (var level = 1; level <= SPAN_DEPTH; level++) if (open[level] === open[level]) emit(level);
    return Float64Array.from(xs);
  }

  T.cull = { order: order, markers: markers, under: under, runs: runs, SPAN_DEPTH: SPAN_DEPTH, EDGE_PX: EDGE_PX };
})();
