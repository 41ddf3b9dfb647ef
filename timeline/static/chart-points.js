/* The chart's points, from the data block: each event's place on the chart
 * (the block's `chart` columns, worked out once by chart.py's geometry() and
 * only read here), which of the figure's traces draws it, and a trace's
 * points as plotly takes them; which event's marker is at a point of the
 * page (hit), and where a marker is on the page (anchor).
 *
 * The figure comes without points (chart.build_figure(points=False)): each
 * trace says what it draws in its meta (role, lane, hollow), and its points
 * are made here, in the order chart.py draws them when it draws them itself
 * (tests/test_chart_js.py holds the two to each other, point for point). */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var FILTERED_ROLES = { events: true, span: true, range: true };
  var DAY = 86400000;

  /* Each event's place on the chart in plotly's units, from the block's
   * columns (present.CHART_FIELDS): its first day and the day after its last
   * (ms since 1970, UTC), the day of its marker, its marker's diameter and
   * its ring's (pixels; NaN: none), and its lane (the y of its markers). */
  function geometry(data) {
    var c = data.chart;
    var n = c.first.length;
    var g = {
      first: new Float64Array(n), end: new Float64Array(n), mid: new Float64Array(n),
      size: new Float32Array(n), ring: new Float32Array(n), lane: new Float64Array(n),
      dy: new Float64Array(n) // the spread's offset from the lane (spread), in the y axis's units
    };
    for (var i = 0; i < n; i++) {
      var first = c.first[i] * DAY;
      g.first[i] = first;
      g.end[i] = first + c.days[i] * DAY;
      g.mid[i] = first + c.middle[i] * DAY;
      g.size[i] = c.size[i] / 10;
      g.ring[i] = c.ring[i] ? c.ring[i] / 10 : NaN;
      g.lane[i] = c.lane[i];
    }
    return g;
  }

  /* Each filterable trace of the figure: which events it draws (in the
   * order chart.py draws them: the order of the block), in which lane, and how. */
  function traces(figure, data, g) {
    var n = g.lane.length;
    // Each lane's events, in the block's order: counted, then placed (typed arrays, no lists of a million).
    var lanes = 0;
    for (var i = 0; i < n; i++) if (g.lane[i] + 1 > lanes) lanes = g.lane[i] + 1;
    var start = new Int32Array(lanes + 1);
    for (i = 0; i < n; i++) start[g.lane[i] + 1]++;
    for (var l = 0; l < lanes; l++) start[l + 1] += start[l];
    var byLane = new Int32Array(n);
    var fill = start.slice(0, lanes);
    for (i = 0; i < n; i++) byLane[fill[g.lane[i]]++] = i;
    var killed = data.columns.events.killed.array; // -1: deaths unknown, a hollow marker
    var list = [];
    figure.data.forEach(function (trace, index) {
      var meta = trace.meta || {};
      if (!FILTERED_ROLES[meta.role]) return;
      var role = meta.role;
      var hollow = !!meta.hollow;
      var lane = meta.lane;
      var inLane = lane >= 0 && lane < lanes ? byLane.subarray(start[lane], start[lane + 1]) : new Int32Array(0);
      var kept = new Int32Array(inLane.length);
      var m = 0;
      for (var k = 0; k < inLane.length; k++) {
        var e = inLane[k];
        var take = role === "span" ? g.end[e] - g.first[e] > DAY : role === "range" ? g.ring[e] === g.ring[e] : (killed[e] < 0) === hollow;
        if (take) kept[m++] = e;
      }
      var members = kept.slice(0, m);
      if (role !== "span") members = bySize(members, role === "range" ? g.ring : g.size);
      var b = { index: index, role: role, open: role === "range" || hollow, lane: lane, members: members, drawn: null };
      if (role !== "span") {
        var sizes = role === "range" ? g.ring : g.size;
        b.x = new Float64Array(m);
        b.size = new Float32Array(m);
        for (k = 0; k < m; k++) {
          b.x[k] = g.mid[members[k]];
          b.size[k] = sizes[members[k]];
        }
      } else {
        // Bars in the order they start, and in the order they end: merging them into runs is then one pass.
        b.byStart = T.cull.order(members, g.first);
        b.byEnd = T.cull.order(members, g.end);
      }
      list.push(b);
    });
    return list;
  }

  /* Markers largest first (ties in the block's order), as chart.py draws
   * them: a smaller marker is drawn over a larger one, never hidden under it.
   * One numeric sort of size and order packed into one number. */
  function bySize(members, size) {
    var n = members.length;
    var packed = new Float64Array(n);
    for (var k = 0; k < n; k++) packed[k] = -Math.round(size[members[k]] * 10) * 4194304 + k; // 2^22 positions a size
    if (n >= 4194304) {
      return Int32Array.from(members).sort(function (a, b) { return size[b] - size[a] || a - b; });
    }
    packed.sort();
    var out = new Int32Array(n);
    for (var j = 0; j < n; j++) out[j] = members[packed[j] - Math.floor(packed[j] / 4194304) * 4194304];
    return out;
  }

  /* A trace's points: x (ms, NaN between bars), y, customdata (the event's
   * index, NaN between bars) and marker sizes, for the events `take` says
   * (all of them when it is null). A bar is three points: start, end, gap. */
  function points(b, g, take) {
    var members = b.members;
    var n = take ? take.length : members.length;
    var step = b.role === "span" ? 3 : 1;
    var out = { x: new Float64Array(n * step), y: new Float64Array(n * step), customdata: new Float64Array(n * step), size: b.size ? new Float32Array(n) : null };
    for (var k = 0; k < n; k++) {
      var at = take ? take[k] : k;
      var i = members[at];
      if (step === 3) {
        out.x[3 * k] = g.first[i];
        out.x[3 * k + 1] = g.end[i];
        out.x[3 * k + 2] = NaN;
        out.y[3 * k] = out.y[3 * k + 1] = b.lane;
        out.y[3 * k + 2] = NaN;
        out.customdata[3 * k] = out.customdata[3 * k + 1] = i;
        out.customdata[3 * k + 2] = NaN;
      } else {
        out.x[k] = b.x[at];
        out.y[k] = b.lane + g.dy[i];
        out.customdata[k] = i;
        out.size[k] = b.size[at];
      }
    }
    return out;
  }

  /* The points of a span trace's merged runs (T.cull.runs: start, end, NaN
   * for each), which stand for no one event. */
  function runPoints(xs, lane) {
    var n = xs.length;
    var out = { x: xs, y: new Float64Array(n).fill(lane), customdata: new Float64Array(n).fill(NaN), size: null };
    for (var k = 2; k < n; k += 3) out.y[k] = NaN;
    return out;
  }

  /* The positions (in b.members) of the events that pass the filters. */
  function shownOf(b, shown) {
    var members = b.members;
    var keep = new Int32Array(members.length);
    var n = 0;
    for (var k = 0; k < members.length; k++) if (shown[members[k]]) keep[n++] = k;
    return keep.subarray(0, n);
  }

  /* Are two arrays of numbers the same (NaN the same as NaN)? */
  function same(a, b) {
    if (a === b) return true;
    if (!a || !b || a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i] && (a[i] === a[i] || b[i] === b[i])) return false;
    return true;
  }

  /* Dates for a date axis: plotly reads a number there by trying it as a date
   * string first (a regular expression, then a Date made from it): about ten
   * microseconds a point at every redraw. A Date it reads at once (null for
   * the gaps between bars). */
  function dates(xs) {
    return Array.from(xs, function (ms) { return ms === ms ? new Date(ms) : null; });
  }

  /* Spread markers that would hide each other, on the SVG chart: in each
   * lane, at the view `view` ({from, to, width}) and `lanePx` pixels a unit
   * of the y axis, markers of the events `shown` whose discs nearly match
   * (centres under CLEAR_PX apart, less the difference of their radii) are
   * moved off the lane's line, SPREAD_PX at a time, up to SLOTS.length deep
   * (deeper, they stay on the line, under the others). Sets g.dy; true if
   * any offset changed. The date (x) is never moved. */
  var SPREAD_PX = 6;
  var CLEAR_PX = 4;
  var SLOTS = [0, -1, 1, -2, 2];
  function spread(base, g, shown, view, lanePx) {
    var scale = view.width / (view.to - view.from);
    var lanes = {};
    base.forEach(function (b) {
      if (b.role !== "events") return;
      var list = (lanes[b.lane] = lanes[b.lane] || []);
      for (var k = 0; k < b.members.length; k++) {
        var i = b.members[k];
        if (shown[i]) list.push({ i: i, x: (g.mid[i] - view.from) * scale, r: g.size[i] / 2 });
      }
    });
    var dy = new Float64Array(g.dy.length);
    Object.keys(lanes).forEach(function (lane) {
      var placed = [];
      lanes[lane].sort(function (a, b) { return a.x - b.x; }).forEach(function (m) {
        placed = placed.filter(function (p) { return m.x - p.x < CLEAR_PX; });
        var slot = SLOTS.find(function (s) {
          return placed.every(function (p) { return p.slot !== s || Math.abs(m.x - p.x) + Math.abs(m.r - p.r) >= CLEAR_PX; });
        });
        m.slot = slot === undefined ? 0 : slot;
        dy[m.i] = (m.slot * SPREAD_PX) / lanePx;
        placed.push(m);
      });
    });
    var changed = !same(dy, g.dy);
    g.dy.set(dy);
    return changed;
  }

  /* The event whose marker is seen at (px, py), pixels in the plot's own
   * frame (null: none): the last drawn of the markers there, a hollow one
   * there only on its ring (its inside shows what is under it), or else
   * the smallest hollow one whose inside it is. Markers are drawn largest
   * first, so a marker inside a larger one leaves the larger its ring. The
   * same on the SVG and the WebGL chart (plotly's own choice differs: the
   * smallest marker near the pointer on SVG, the nearest centre on WebGL).
   * Where no marker is seen there, the one whose edge is nearest, within
   * `slop` pixels (a finger is wider than a small marker). */
  function hit(base, g, xa, ya, px, py, slop) {
    var top = null;
    var inside = null;
    var insideR = Infinity;
    var near = null;
    var nearD = slop || 0;
    base.forEach(function (b) {
      if (b.role !== "events" || !b.drawn) return;
      var keep = b.drawn.keep;
      var n = keep ? keep.length : b.members.length;
      for (var k = 0; k < n; k++) {
        var at = keep ? keep[k] : k;
        var i = b.members[at];
        var r = b.size[at] / 2;
        var dx = xa.l2p(b.x[at]) - px;
        var dy = ya.l2p(b.lane + g.dy[i]) - py;
        var d = Math.sqrt(dx * dx + dy * dy);
        if (d > r + 0.75) { // the line around it is 1.5 px wide
          if (d - r < nearD) {
            near = i;
            nearD = d - r;
          }
          continue;
        }
        if (!b.open || d >= r - 1.5) {
          top = i;
        } else if (r < insideR) {
          inside = i;
          insideR = r;
        }
      }
    });
    return top !== null ? top : inside !== null ? inside : near;
  }

  /* Where event `index`'s marker is on the page: its centre and radius in
   * the window's pixels; null before the chart is drawn, or when the marker
   * is outside the range shown. */
  function anchor(node, g, index) {
    var full = node._fullLayout;
    var svg = node.querySelector(".main-svg");
    if (!full || !svg) return null;
    var xa = full.xaxis;
    var x = xa.l2p(g.mid[index]);
    if (!(x >= -1 && x <= xa._length + 1)) return null;
    var box = svg.getBoundingClientRect();
    return { x: box.left + xa._offset + x, y: box.top + full.yaxis._offset + full.yaxis.l2p(g.lane[index] + g.dy[index]), r: g.size[index] / 2 + 0.75 };
  }

  /* The event whose marker is under the pointer of mouse event `e` on the
   * chart `node` (or within `slop` pixels of it), or null. */
  function hitAt(node, base, g, e, slop) {
    var full = node._fullLayout;
    var svg = node.querySelector(".main-svg");
    if (!full || !svg || !e) return null;
    var box = svg.getBoundingClientRect();
    var xa = full.xaxis;
    var ya = full.yaxis;
    return hit(base, g, xa, ya, e.clientX - box.left - xa._offset, e.clientY - box.top - ya._offset, slop);
  }

  T.chartPoints = {
    geometry: geometry, traces: traces, points: points, runPoints: runPoints,
    shownOf: shownOf, same: same, dates: dates, bySize: bySize, spread: spread, hit: hit, hitAt: hitAt, anchor: anchor
  };
})();
