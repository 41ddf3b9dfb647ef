/* The plotly timeline: draws the figure built in Python, shows an event's card
 * on hover (pinned on click), and follows Timeline.state: filters thin out the
 * points, the selected event is ringed, and zooming or dragging the range
 * slider sets the shared date range.
 *
 * Built for 200,000 events. Every data change makes plotly recompute and
 * redraw every trace, so a change of filters is one Plotly.update at most
 * (points, range and labels together, typed arrays, only the traces whose
 * points changed) and none when only the dates changed; the ring around the
 * selected event is drawn over the chart, not by plotly, so selecting redraws
 * nothing. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;
  var FILTERED_ROLES = { events: true, span: true, range: true };

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

  var TYPED = {
    f8: Float64Array, f4: Float32Array, i4: Int32Array, u4: Uint32Array,
    i2: Int16Array, u2: Uint16Array, i1: Int8Array, u1: Uint8Array
  };

  /* A plotly value as a typed array: {dtype, bdata} decoded, a plain list copied. */
  function values(v) {
    if (!v) return new Float64Array(0);
    if (v.bdata === undefined) return Float64Array.from(v, function (x) { return x === null ? NaN : x; });
    var binary = window.atob(v.bdata);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new TYPED[v.dtype](bytes.buffer);
  }

  /* Each filterable trace's per-point arrays, as built in Python, and which
   * of its points are drawn now (null: all of them). */
  function baseOf(figure) {
    return figure.data.map(function (trace, index) {
      var role = trace.meta && trace.meta.role;
      if (!FILTERED_ROLES[role]) return null;
      var base = { index: index, role: role, x: values(trace.x), y: values(trace.y), customdata: values(trace.customdata), kept: null };
      if (trace.marker && trace.marker.size !== undefined && typeof trace.marker.size !== "number") base.size = values(trace.marker.size);
      // plotly reads a number on a date axis by trying it as a date string
      // first (a regular expression, then a Date made from it): about ten
      // microseconds a point, a second for 100,000 points at every redraw.
      // A Date it reads at once, so the chart gets the same instants as Dates
      // (null for the gaps between bars).
      base.dates = Array.from(base.x, function (ms) { return ms === ms ? new Date(ms) : null; });
      // The decoded arrays, not their base64 ({bdata}), which plotly would decode again at every redraw.
      trace.x = base.dates;
      trace.y = base.y;
      trace.customdata = base.customdata;
      if (base.size) trace.marker.size = base.size;
      return base;
    }).filter(Boolean);
  }

  /* The positions of the points of `base` whose event is shown; a span is three points (start, end, gap). */
  function keptPoints(base, shown) {
    var owners = base.customdata;
    var keep = new Int32Array(owners.length);
    var n = 0;
    var step = base.role === "span" ? 3 : 1;
    for (var k = 0; k < owners.length; k += step) {
      if (shown[owners[k]]) {
        for (var j = 0; j < step; j++) keep[n++] = k + j;
      }
    }
    return keep.subarray(0, n);
  }

  function same(a, b) {
    if (a === b) return true;
    if (!a || !b || a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function pick(list, keep) {
    var out = new list.constructor(keep.length);
    for (var i = 0; i < keep.length; i++) out[i] = list[keep[i]];
    return out;
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
      var base = baseOf(figure);
      var ownRelayout = false;
      var initialRange = figure.layout.xaxis.range.slice(); // plotly changes figure.layout as the reader zooms
      var ring = el("div", "chart-ring");
      ring.hidden = true;
      ring.setAttribute("aria-hidden", "true");
      // The labelled events' indices (undefined for an era's label), and whether each label is shown.
      var labels = (figure.layout.annotations || []).map(function (a) { return data.byId[a.name]; });
      var labelShown = labels.map(function () { return true; });

      /* Where each event's marker is: its trace (in base) and position there. */
      var markerTrace = new Int32Array(data.events.length).fill(-1);
      var markerPoint = new Int32Array(data.events.length);
      base.forEach(function (b, t) {
        if (b.role !== "events") return;
        for (var k = 0; k < b.customdata.length; k++) {
          markerTrace[b.customdata[k]] = t;
          markerPoint[b.customdata[k]] = k;
        }
      });

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

      /* Keep only the points of the events that pass the filters (dates
       * aside: the visible range is the date filter), show the range of the
       * date filter unless the reader set it here: one plotly update, or none. */
      function applyFilters(source) {
        var shown = state.visibleAnyDate;
        var traces = [];
        var restyle = { x: [], y: [], customdata: [], "marker.size": [] };
        base.forEach(function (b) {
          var keep = keptPoints(b, shown);
          var all = keep.length === b.customdata.length;
          if (all ? b.kept === null : same(keep, b.kept)) return;
          b.kept = all ? null : keep;
          traces.push(b.index);
          restyle.x.push(all ? b.dates : pick(b.dates, keep));
          restyle.y.push(all ? b.y : pick(b.y, keep));
          restyle.customdata.push(all ? b.customdata : pick(b.customdata, keep));
          var size = figure.data[b.index].marker && figure.data[b.index].marker.size;
          restyle["marker.size"].push(b.size ? (all ? b.size : pick(b.size, keep)) : size);
        });
        var layout = {};
        var range = source === "timeline" ? null : wantedRange();
        if (range) layout["xaxis.range"] = range;
        labels.forEach(function (i, k) {
          if (i === undefined || labelShown[k] === !!shown[i]) return;
          labelShown[k] = !!shown[i];
          layout["annotations[" + k + "].visible"] = labelShown[k];
        });
        if (traces.length) {
          // New x values make plotly guess the axis type again: numbers would
          // read as a plain number line, so say it is dates, and keep the
          // range the reader is looking at.
          layout["xaxis.type"] = "date";
          layout["yaxis.type"] = "linear";
          if (!layout["xaxis.range"]) layout["xaxis.range"] = node.layout.xaxis.range.slice();
          return quietly(Plotly.update(node, restyle, layout, traces));
        }
        if (Object.keys(layout).length) return quietly(Plotly.relayout(node, layout));
        return null;
      }

      /* The range the date filter asks for, or null when the chart shows it already. */
      function wantedRange() {
        var f = state.filters;
        var current = node.layout.xaxis.range || [];
        if (!f.from && !f.to) {
          if (!node.layout.xaxis.autorange && current.length && (day(current[0]) !== day(initialRange[0]) || day(current[1]) !== day(initialRange[1]))) {
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

      /* Ring the selected event's marker: a circle laid over the chart at the
       * marker's place, moved when the chart is zoomed, panned or resized;
       * hidden when the event is filtered out or outside the range. */
      function placeRing() {
        var index = state.selected ? data.byId[state.selected] : undefined;
        var t = index === undefined ? -1 : markerTrace[index];
        var full = node._fullLayout;
        if (t < 0 || !state.visibleAnyDate[index] || !full) {
          ring.hidden = true;
          delete ring.dataset.eventId;
          return;
        }
        var b = base[t];
        var k = markerPoint[index];
        var xa = full.xaxis;
        var ya = full.yaxis;
        var x = xa._offset + xa.l2p(b.x[k]);
        var y = ya._offset + ya.l2p(b.y[k]);
        var size = Math.max(18, (b.size ? b.size[k] : 12) + 12);
        ring.dataset.eventId = data.events[index].id;
        ring.dataset.date = new Date(b.x[k]).toISOString().slice(0, 10);
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

      var config = {
        responsive: true,
        displaylogo: false,
        // plotly draws WebGL at twice the page's pixels by default; at the
        // screen's own density a standard screen has a quarter of the pixels
        // to fill (without a GPU, that is most of the cost of a redraw).
        plotGlPixelRatio: Math.min(2, Math.max(1, window.devicePixelRatio || 1)),
        modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"]
      };
      return Plotly.newPlot(node, figure.data, figure.layout, config).then(function () {
        node.on("plotly_hover", function (e) {
          var index = eventIndex(e.points);
          if (index === null || pinned) return;
          show(index, e.event.clientX, e.event.clientY, false);
        });
        node.on("plotly_unhover", function () {
          if (!pinned) hide();
        });
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
            if (e["xaxis.autorange"]) state.setFilters({ from: null, to: null }, "timeline");
            return;
          }
          var range = e["xaxis.range"] || [e["xaxis.range[0]"], e["xaxis.range[1]"]];
          state.setFilters({ from: day(range[0]), to: day(range[1]) }, "timeline");
        });
        document.addEventListener("keydown", function (e) {
          if (e.key === "Escape") hide();
        });
        node.on("plotly_afterplot", placeRing);
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
    }
  };
})();
