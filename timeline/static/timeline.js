/* The plotly timeline: draws the figure built in Python, shows an event's card
 * on hover (pinned on click), and follows Timeline.state: filters thin out the
 * points, the selected event is ringed, and zooming or dragging the range
 * slider sets the shared date range.
 *
 * The figure comes without points (chart.build_figure(points=False)): each
 * trace says what it draws in its meta (role, category, lane, hollow), and
 * its points are made here from the data block, the same numbers chart.py
 * writes when it draws them itself (tests/test_chart_js.py holds the two to
 * each other, point for point).
 *
 * Built for 200,000 events. Every data change makes plotly recompute and
 * redraw every trace, so a change of filters is one Plotly.update at most
 * (points, range and labels together, typed arrays, only the traces whose
 * points changed) and none when nothing drawn changes; the ring around the
 * selected event is drawn over the chart, not by plotly, so selecting redraws
 * nothing. Above chart.WEBGL_FROM events the traces are WebGL, which a
 * browser without a GPU fills pixel by pixel on the CPU: there, each trace
 * holds only what can be seen at the current range and width (see cull). */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;
  var FILTERED_ROLES = { events: true, span: true, range: true };
  var DAY = 86400000;
  // chart.TIMELINE_SCALE: a marker's diameter on the timeline, for the map's radius.
  var SCALE = 1.3;
  // WebGL draws overlapping bars darker, each at the trace's opacity (0.35):
  // bars are merged into runs, each as deep as the bars there, up to this
  // many (eight deep is 97% of full colour; deeper does not show).
  var SPAN_DEPTH = 8;
  // A marker centred this many pixels outside the plot may still show (the
  // largest is 1.3 * 26 wide, and a line of 1.5 around it).
  var EDGE_PX = 20;

  function place(tip, x, y) {
    var margin = 12;
    var width = tip.offsetWidth;
    var height = tip.offsetHeight;
    var left = x + margin + width > window.innerWidth ? x - width - margin : x + margin;
    var top = Math.min(Math.max(margin, y - height / 2), window.innerHeight - height - margin);
    tip.style.left = Math.max(margin, left) + "px";
    tip.style.top = Math.max(margin, top) + "px";
  }

  function day(value) {
    /* A plotly date ("2024-03-22 07:12:00.123") as YYYY-MM-DD. */
    return String(value).slice(0, 10);
  }

  /* Python's round(x, 1) for x >= 0: the nearest tenth of the double's exact
   * value, a tie (only x.25 and x.75 are exact ties) to the even tenth. */
  function round1(x) {
    var quarters = x * 4;
    if (quarters === Math.floor(quarters) && quarters % 2 === 1) {
      var tenths = Math.floor(x * 10);
      return (tenths % 2 === 0 ? tenths : tenths + 1) / 10;
    }
    return parseFloat(x.toFixed(1));
  }

  /* A marker's diameter on the timeline for a radius on the map, as chart.py
   * writes it: round(TIMELINE_SCALE * radius, 1), as a 32-bit float. */
  var sizes = {};
  function markerSize(radius) {
    var size = sizes[radius];
    if (size === undefined) size = sizes[radius] = Math.fround(round1(SCALE * radius));
    return size;
  }

  /* Each event's place on the timeline, from the data block, as chart.py
   * works it out: first day and the day after the last (ms since 1970, UTC),
   * the middle day (where its marker is), its marker's diameter and the
   * diameter of its ring (NaN: none; sources disagreeing on the deaths). */
  function geometry(data) {
    var n = data.events.length;
    var g = {
      first: new Float64Array(n), end: new Float64Array(n), mid: new Float64Array(n),
      size: new Float32Array(n), ring: new Float32Array(n)
    };
    var parsed = new Map();
    function ms(iso) {
      var v = parsed.get(iso);
      if (v === undefined) {
        v = Date.parse(iso);
        parsed.set(iso, v);
      }
      return v;
    }
    data.events.forEach(function (ev, i) {
      var first = ms(ev.date.start);
      var last = ms(ev.last);
      g.first[i] = first;
      g.end[i] = last + DAY;
      g.mid[i] = first + Math.floor((last - first) / DAY / 2) * DAY;
      g.size[i] = markerSize(ev.radius);
      var spread = ev.killed_reported;
      g.ring[i] = spread && spread.radius > ev.radius ? markerSize(spread.radius) : NaN;
    });
    return g;
  }

  /* The events `members` in the order of their `ms` (whole days), in one
   * numeric sort of day and position packed into one number (no comparator
   * called a million times). */
  function sortedBy(members, ms) {
    var SLOTS = 4194304; // 2^22 positions a day; days from 1970 fit in 2^30 either way
    var packed = new Float64Array(members.length);
    for (var k = 0; k < members.length; k++) packed[k] = (ms[members[k]] / DAY + 1073741824) * SLOTS + k;
    packed.sort();
    var out = new Int32Array(members.length);
    for (var j = 0; j < packed.length; j++) out[j] = members[packed[j] % SLOTS];
    return out;
  }

  /* Each filterable trace of the figure: which events it draws (in the
   * order chart.py draws them), in which lane, and how. */
  function tracesOf(figure, data, g) {
    var byCategory = {};
    data.categories.forEach(function (c) { byCategory[c.id] = []; });
    data.events.forEach(function (ev, i) { byCategory[data.categories[ev.category].id].push(i); });
    // The lane of the categories drawn together (style.grouped: each says so in the block).
    var others = [];
    data.events.forEach(function (ev, i) { if (data.categories[ev.category].grouped) others.push(i); });
    var list = [];
    figure.data.forEach(function (trace, index) {
      var meta = trace.meta || {};
      if (!FILTERED_ROLES[meta.role]) return;
      var role = meta.role;
      var hollow = !!meta.hollow;
      var members = (meta.others ? others : byCategory[meta.category] || []).filter(function (i) {
        if (role === "span") return g.end[i] - g.first[i] > DAY;
        if (role === "range") return g.ring[i] === g.ring[i];
        return (data.events[i].killed === null) === hollow;
      });
      var b = { index: index, role: role, open: role === "range" || hollow, lane: meta.lane, members: Int32Array.from(members), drawn: null };
      if (role !== "span") {
        b.x = Float64Array.from(members, function (i) { return g.mid[i]; });
        b.size = Float32Array.from(members, function (i) { return role === "range" ? g.ring[i] : g.size[i]; });
      } else {
        // Bars in the order they start, and in the order they end: merging them into runs is then one pass.
        b.byStart = sortedBy(members, g.first);
        b.byEnd = sortedBy(members, g.end);
      }
      list.push(b);
    });
    return list;
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
        out.y[k] = b.lane;
        out.customdata[k] = i;
        out.size[k] = b.size[at];
      }
    }
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

  /* What can be seen of a marker trace at `view` ({from, to} in ms, `width`
   * in pixels): the positions of the events shown, less those outside the
   * plot (with a plot's width to spare on each side, for panning) and those
   * wholly under markers drawn later in the same lane. Positions are taken
   * to the pixel column. The markers of a lane are all centred on one line,
   * so what the later filled markers cover is, in each column, a band as
   * tall as the tallest of their discs there: a filled marker is left out
   * when its disc is inside that band in every column it spans. An open one
   * (hollow marker, ring) is left out when a later one of the same size is
   * in the same column (a larger ring hides nothing), and a ring also when it
   * is inside `band`, the band of its lane's filled markers (drawn after the
   * rings). Returns the positions kept and, for filled markers, their band. */
  function cull(b, shown, view, band) {
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

  /* A span trace at `view` as WebGL draws it: the bars of the events shown,
   * merged into runs at each depth of overlap up to SPAN_DEPTH (a gap under a
   * pixel closed), those wholly outside the plot (with a plot's width to
   * spare each side) left out. */
  function runs(b, shown, g, view) {
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
    var starts = b.byStart;
    var ends = b.byEnd;
    var s = 0;
    var e = 0;
    var depth = 0;
    while (s < starts.length || e < ends.length) {
      var startAt = s < starts.length ? g.first[starts[s]] : Infinity;
      var endAt = e < ends.length ? g.end[ends[e]] : Infinity;
      if (endAt <= startAt) {
        var i = ends[e++];
        if (!shown[i]) continue;
        if (depth <= SPAN_DEPTH) closed[depth] = endAt;
        depth--;
      } else {
        var j = starts[s++];
        if (!shown[j]) continue;
        depth++;
        if (depth > SPAN_DEPTH) continue;
        if (open[depth] === open[depth] && closed[depth] === closed[depth] && startAt - closed[depth] >= gap) emit(depth);
        if (open[depth] !== open[depth]) open[depth] = startAt;
        closed[depth] = NaN;
      }
    }
    for (var level = 1; level <= SPAN_DEPTH; level++) if (open[level] === open[level]) emit(level);
    var n = xs.length;
    var out = { x: Float64Array.from(xs), y: new Float64Array(n).fill(b.lane), customdata: new Float64Array(n).fill(NaN), size: null };
    for (var k = 2; k < n; k += 3) out.y[k] = NaN;
    return out;
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

  T.chart = {
    /* Plot `figure` into the element with id `elementId`. */
    init: function (elementId, figure, data) {
      var state = T.state;
      var node = document.getElementById(elementId);
      var tip = el("div", "chart-card");
      tip.hidden = true;
      tip.setAttribute("role", "dialog");
      tip.setAttribute("aria-label", "Event details");
      document.body.appendChild(tip);
      var pinned = false;
      var g = geometry(data);
      var base = tracesOf(figure, data, g);
      var webgl = figure.data.some(function (t) { return /gl$/.test(t.type || ""); });
      var lane = new Float64Array(data.events.length).fill(NaN); // each event's lane (its markers' y)
      base.forEach(function (b) {
        if (b.role === "events") b.members.forEach(function (i) { lane[i] = b.lane; });
      });
      var ownRelayout = false;
      var initialRange = figure.layout.xaxis.range.slice(); // plotly changes figure.layout as the reader zooms
      // The range slider spans the whole figure whatever its traces hold now
      // (by default plotly fits it to their points, which are culled).
      figure.layout.xaxis.rangeslider = Object.assign({}, figure.layout.xaxis.rangeslider, { range: initialRange.slice() });
      var ring = el("div", "chart-ring");
      ring.hidden = true;
      ring.setAttribute("aria-hidden", "true");
      // The labelled events' indices (undefined for an era's label), and whether each label is shown.
      var labels = (figure.layout.annotations || []).map(function (a) { return data.byId[a.name]; });
      var labelShown = labels.map(function () { return true; });

      function show(index, x, y, pin) {
        tip.replaceChildren();
        if (pin) {
          var close = el("button", "chart-card-close", "×");
          close.type = "button";
          close.setAttribute("aria-label", "Close");
          close.addEventListener("click", hide);
          tip.appendChild(close);
        }
        tip.appendChild(T.card(data.events[index], data));
        tip.classList.toggle("pinned", !!pin);
        tip.hidden = false;
        place(tip, x, y);
        pinned = !!pin;
      }

      function hide() {
        tip.hidden = true;
        pinned = false;
      }

      function eventIndex(points) {
        for (var i = 0; i < points.length; i++) {
          var role = points[i].data.meta && points[i].data.meta.role;
          if (role === "events" && points[i].customdata !== undefined && points[i].customdata !== null) return points[i].customdata;
        }
        return null;
      }

      /* A range of the x axis (date strings, as plotly keeps them) in ms. */
      function rangeMs(range) {
        var xa = node._fullLayout && node._fullLayout.xaxis;
        return range.map(function (v) { return xa ? xa.r2l(v) : Date.parse(v); });
      }

      /* The x range and the plot's width in pixels, for culling; `range` the
       * range about to be shown, if it is changing. */
      function viewOf(range) {
        var full = node._fullLayout;
        var ms = rangeMs(range || (full ? full.xaxis.range : initialRange));
        var m = figure.layout.margin;
        var width = full ? full.xaxis._length : node.clientWidth - m.l - m.r;
        return { from: ms[0], to: ms[1], width: Math.max(1, Math.round(width)) };
      }

      /* Each trace's points for the filters (`shown`) and the view, as plotly
       * takes them, for those traces whose points have changed. */
      var culledFor = null; // the view the traces were last culled for
      function changes(shown, view) {
        culledFor = view;
        var traces = [];
        var restyle = { x: [], y: [], customdata: [], "marker.size": [] };
        // Filled markers first: a lane's rings are culled under them.
        var culled = {};
        var bands = {};
        if (webgl) {
          base.forEach(function (b, t) {
            if (b.role !== "events" || b.open) return;
            culled[t] = cull(b, shown, view, null);
            bands[b.lane] = culled[t].band;
          });
        }
        base.forEach(function (b, t) {
          var p;
          if (webgl && b.role === "span") {
            p = runs(b, shown, g, view);
            if (b.drawn && same(p.x, b.drawn.x)) return;
            b.drawn = { x: p.x };
          } else {
            var keep = !webgl ? shownOf(b, shown) : (culled[t] || cull(b, shown, view, b.role === "range" ? bands[b.lane] : null)).keep;
            if (keep.length === b.members.length) keep = null; // all of them
            if (b.drawn && same(keep, b.drawn.keep)) return;
            b.drawn = { keep: keep };
            p = points(b, g, keep);
          }
          traces.push(b.index);
          restyle.x.push(dates(p.x));
          restyle.y.push(p.y);
          restyle.customdata.push(p.customdata);
          restyle["marker.size"].push(p.size || undefined);
        });
        return { traces: traces, restyle: restyle };
      }

      /* The layout that goes with new points, showing `range` (null: the
       * range the reader is looking at). New x values make plotly guess the
       * axis type again: numbers would read as a plain number line, so say it
       * is dates. The types go first: plotly autoranges an axis whose type is
       * set after its range. */
      function withPoints(range) {
        return { "xaxis.type": "date", "yaxis.type": "linear", "xaxis.range": range || node.layout.xaxis.range.slice() };
      }

      /* Keep only the points of the events that pass the filters (dates
       * aside: the visible range is the date filter) and, with WebGL, can
       * be seen; show the range of the date filter unless the reader set it
       * here: one plotly update, or none. */
      function applyFilters(source) {
        reculled = 0;
        var shown = state.visibleAnyDate;
        var range = source === "timeline" ? null : wantedRange();
        var update = changes(shown, viewOf(range));
        var layout = update.traces.length ? withPoints(range) : range ? { "xaxis.range": range } : {};
        labels.forEach(function (i, k) {
          if (i === undefined || labelShown[k] === !!shown[i]) return;
          labelShown[k] = !!shown[i];
          layout["annotations[" + k + "].visible"] = labelShown[k];
        });
        if (update.traces.length) return quietly(Plotly.update(node, update.restyle, layout, update.traces));
        if (Object.keys(layout).length) return quietly(Plotly.relayout(node, layout));
        return null;
      }

      /* The range the date filter asks for, or null when the chart shows it
       * already. Without dates: the whole figure (plotly's own autorange, as
       * the "all" button asks, would fit the points a WebGL trace holds now). */
      function wantedRange() {
        var f = state.filters;
        var current = node.layout.xaxis.range || [];
        if (!f.from && !f.to) {
          if (node.layout.xaxis.autorange || current.length && (day(current[0]) !== day(initialRange[0]) || day(current[1]) !== day(initialRange[1]))) {
            return initialRange.slice();
          }
          return null;
        }
        var wanted = [f.from || day(current[0]), f.to || day(current[1])];
        if (day(current[0]) === wanted[0] && day(current[1]) === wanted[1]) return null;
        return wanted;
      }

      /* Our own redraws are not the reader choosing dates: ignore the relayout they fire. */
      function quietly(promise) {
        ownRelayout = true;
        return promise.then(function (result) {
          ownRelayout = false;
          return result;
        }, function (err) {
          ownRelayout = false;
          throw err;
        });
      }

      /* Ring the selected event's marker: a circle laid over the chart where
       * its marker is (worked out from the event, so it rings an event whose
       * marker is hidden under another too), moved when the chart is zoomed,
       * panned or resized; hidden when the event is filtered out or outside
       * the range. */
      function placeRing() {
        var index = state.selected ? data.byId[state.selected] : undefined;
        var full = node._fullLayout;
        if (index === undefined || lane[index] !== lane[index] || !state.visibleAnyDate[index] || !full) {
          ring.hidden = true;
          delete ring.dataset.eventId;
          return;
        }
        var xa = full.xaxis;
        var ya = full.yaxis;
        var x = xa._offset + xa.l2p(g.mid[index]);
        var y = ya._offset + ya.l2p(lane[index]);
        var size = Math.max(18, g.size[index] + 12);
        ring.dataset.eventId = data.events[index].id;
        ring.dataset.date = new Date(g.mid[index]).toISOString().slice(0, 10);
        var inside = x >= xa._offset - 1 && x <= xa._offset + xa._length + 1;
        ring.hidden = !inside;
        if (!inside) return;
        var svg = node.querySelector(".main-svg");
        var offset = svg ? svg.getBoundingClientRect() : { left: 0, top: 0 };
        var own = node.getBoundingClientRect();
        ring.style.width = ring.style.height = size + "px";
        ring.style.left = offset.left - own.left + x - size / 2 + "px";
        ring.style.top = offset.top - own.top + y - size / 2 + "px";
      }

      /* After a change of width or range that set no filter (a resize; plotly
       * moving its margins, as it may while it autoranges): cull again for
       * what is in view now, if that changed. */
      var reculled = 0; // in a row after plotly's own redraws (should its margins ever swing back and forth)
      function recull(afterPlot) {
        if (!webgl || !node._fullLayout) return null;
        var view = viewOf(null);
        if (culledFor && view.from === culledFor.from && view.to === culledFor.to && view.width === culledFor.width) return null;
        reculled = afterPlot ? reculled + 1 : 0;
        if (reculled > 3) return null;
        var update = changes(state.visibleAnyDate, view);
        if (!update.traces.length) return null;
        return quietly(Plotly.update(node, update.restyle, withPoints(null), update.traces));
      }

      // The first points: for the filters and the range the page opens with.
      var startRange = wantedStartRange();
      if (startRange) figure.layout.xaxis.range = startRange;
      var first = changes(state.visibleAnyDate, viewOf(startRange || initialRange));
      first.traces.forEach(function (index, k) {
        var trace = figure.data[index];
        trace.x = first.restyle.x[k];
        trace.y = first.restyle.y[k];
        trace.customdata = first.restyle.customdata[k];
        if (first.restyle["marker.size"][k]) trace.marker.size = first.restyle["marker.size"][k];
      });

      /* The range the filters of the opening URL ask for, if not the figure's. */
      function wantedStartRange() {
        var f = state.filters;
        if (!f.from && !f.to) return null;
        return [f.from || day(initialRange[0]), f.to || day(initialRange[1])];
      }

      // figure.config: the options chart.py gives wherever the chart is drawn (OFFLINE_CONFIG).
      var config = Object.assign({}, figure.config, {
        responsive: true,
        // plotly draws WebGL at twice the page's pixels by default; at the
        // screen's own density a standard screen has a quarter of the pixels
        // to fill (without a GPU, that is most of the cost of a redraw).
        plotGlPixelRatio: Math.min(2, Math.max(1, window.devicePixelRatio || 1)),
        modeBarButtonsToRemove: figure.config.modeBarButtonsToRemove.concat(["select2d", "lasso2d", "autoScale2d"])
      });
      return Plotly.newPlot(node, figure.data, figure.layout, config).then(function () {
        node.on("plotly_hover", function (e) {
          var index = eventIndex(e.points);
          if (index === null || pinned) return;
          show(index, e.event.clientX, e.event.clientY, false);
        });
        node.on("plotly_unhover", function () {
          if (!pinned) hide();
        });
        // "1y" and "3y" count back from the day the last event began, not from
        // the axis's end (plotly's way, which may leave an empty year): the
        // buttons' clicks are taken before plotly's own handler sees them.
        var lastStart = -Infinity;
        for (var i = 0; i < data.events.length; i++) lastStart = Math.max(lastStart, g.first[i]);
        node.addEventListener("click", function (e) {
          var button = e.target.closest && e.target.closest(".rangeselector .button");
          var years = button && /^(\d+)y$/.exec(button.textContent.trim());
          if (!years || lastStart === -Infinity) return;
          e.stopPropagation();
          var from = new Date(lastStart);
          from.setUTCFullYear(from.getUTCFullYear() - Number(years[1]));
          Plotly.relayout(node, { "xaxis.range": [day(from.toISOString()), day(initialRange[1])] });
        }, true);
        node.on("plotly_click", function (e) {
          var index = eventIndex(e.points);
          if (index === null) return;
          show(index, e.event.clientX, e.event.clientY, true);
          state.select(data.events[index].id, "timeline");
        });
        node.on("plotly_relayout", function (e) {
          placeRing();
          if (ownRelayout) return;
          if (e["xaxis.autorange"] || e["xaxis.range"] === undefined && e["xaxis.range[0]"] === undefined) {
            if (e["xaxis.autorange"]) state.setFilters({ from: null, to: null }, "all");
            else recull();
            return;
          }
          var range = e["xaxis.range"] || [e["xaxis.range[0]"], e["xaxis.range[1]"]];
          state.setFilters({ from: day(range[0]), to: day(range[1]) }, "timeline");
        });
        document.addEventListener("keydown", function (e) {
          if (e.key === "Escape") hide();
        });
        node.on("plotly_afterplot", function () {
          placeRing();
          recull(true);
        });
        node.on("plotly_relayouting", placeRing);
        window.addEventListener("resize", placeRing);
        node.appendChild(ring);
        state.on(function (s, source, changed) {
          var work = !changed || changed.filters ? applyFilters(source) : null;
          return Promise.resolve(work).then(placeRing);
        });
        T.chart.current = { node: node, tip: tip, ring: ring };
        return Promise.resolve(applyFilters("start")).then(placeRing).then(function () {
          node.setAttribute("data-ready", "true");
          return node;
        });
      });
    },

    /* A marker's diameter on the timeline for a radius on the map (for tests). */
    markerSize: markerSize,

    /* Every trace's points as chart.py draws them with points=True (all of
     * them, unfiltered, as plain lists with null for NaN; null for a trace
     * that has no events' points), for tests. */
    points: function (figure, data) {
      var g = geometry(data);
      var out = figure.data.map(function () { return null; });
      tracesOf(figure, data, g).forEach(function (b) {
        var p = points(b, g, null);
        var list = function (a) { return Array.from(a, function (v) { return v === v ? v : null; }); };
        out[b.index] = { x: list(p.x), y: list(p.y), customdata: list(p.customdata), size: p.size ? list(p.size) : null };
      });
      return out;
    }
  };
})();
