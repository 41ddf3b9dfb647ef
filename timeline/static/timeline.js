/* The plotly timeline: draws the figure built in Python, shows an event's card
 * on hover (pinned on click), and follows Timeline.state: filters thin out the
 * points, the selected event is ringed, and zooming or dragging the range
 * slider sets the shared date range. */
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

  /* A plotly value as a plain list: typed arrays ({dtype, bdata}) are decoded. */
  function values(v) {
    if (!v || v.bdata === undefined) return v ? Array.from(v) : [];
    var binary = window.atob(v.bdata);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    // NaN marks a gap between bars; plotly wants null for that in a plain list.
    return Array.from(new TYPED[v.dtype](bytes.buffer), function (x) { return x !== x ? null : x; });
  }

  /* Copies of each filterable trace's per-point arrays, as built in Python. */
  function baseOf(figure) {
    return figure.data.map(function (trace, index) {
      var role = trace.meta && trace.meta.role;
      if (!FILTERED_ROLES[role]) return null;
      var base = { index: index, role: role, x: values(trace.x), y: values(trace.y), customdata: values(trace.customdata) };
      if (trace.marker && trace.marker.size !== undefined && typeof trace.marker.size !== "number") base.size = values(trace.marker.size);
      return base;
    }).filter(Boolean);
  }

  /* The same arrays keeping only the points whose event is shown. */
  function filtered(base, shown) {
    var keep = [];
    if (base.role === "span") {
      for (var s = 0; s < base.customdata.length; s += 3) {
        if (shown[base.customdata[s]]) keep.push(s, s + 1, s + 2);
      }
    } else {
      base.customdata.forEach(function (i, k) {
        if (shown[i]) keep.push(k);
      });
    }
    function pick(list) {
      return keep.map(function (k) { return list[k]; });
    }
    var update = { x: pick(base.x), y: pick(base.y), customdata: pick(base.customdata) };
    if (base.size) update["marker.size"] = pick(base.size);
    return update;
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
      var selectionTrace = figure.data.findIndex(function (t) { return t.meta && t.meta.role === "selection"; });
      var eventTraces = base.filter(function (b) { return b.role === "events"; });
      var ownRelayout = false;
      var initialRange = figure.layout.xaxis.range.slice(); // plotly changes figure.layout as the reader zooms

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

      /* Where event `index` is drawn: its x, its lane and its marker size. */
      function pointOf(index) {
        for (var t = 0; t < eventTraces.length; t++) {
          var k = eventTraces[t].customdata.indexOf(index);
          if (k >= 0) return { x: eventTraces[t].x[k], y: eventTraces[t].y[k], size: eventTraces[t].size ? eventTraces[t].size[k] : 12 };
        }
        return null;
      }

      /* Keep only the points of the events that pass the filters (dates
       * aside: the visible range is the date filter). */
      function applyFilters() {
        var shown = data.events.map(function (ev) { return state.matches(ev, true); });
        var updates = base.map(function (b) { return filtered(b, shown); });
        var restyle = { x: [], y: [], customdata: [], "marker.size": [] };
        updates.forEach(function (u, n) {
          restyle.x.push(u.x);
          restyle.y.push(u.y);
          restyle.customdata.push(u.customdata);
          restyle["marker.size"].push(u["marker.size"] || figure.data[base[n].index].marker && figure.data[base[n].index].marker.size);
        });
        // New x values make plotly guess the axis type again: numbers would
        // read as a plain number line, so say it is dates.
        // and keep the range the reader is looking at.
        var layout = { "xaxis.type": "date", "xaxis.range": node.layout.xaxis.range.slice() };
        (node.layout.annotations || []).forEach(function (a, k) {
          var i = data.byId[a.name];
          if (i !== undefined) layout["annotations[" + k + "].visible"] = shown[i];
        });
        return quietly(Plotly.update(node, restyle, layout, base.map(function (b) { return b.index; })));
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

      function applySelection() {
        var index = state.selected ? data.byId[state.selected] : undefined;
        var point = index !== undefined && state.matches(data.events[index], true) ? pointOf(index) : null;
        return quietly(Plotly.update(node, {
          x: [point ? [point.x] : []],
          y: [point ? [point.y] : []],
          "marker.size": [point ? Math.max(18, point.size + 12) : 18]
        }, { "xaxis.type": "date", "xaxis.range": node.layout.xaxis.range.slice() }, [selectionTrace]));
      }

      function applyRange() {
        var f = state.filters;
        var current = node.layout.xaxis.range || [];
        var wanted = f.from || f.to ? [f.from || day(current[0]), f.to || day(current[1])] : null;
        if (!wanted) {
          if (!node.layout.xaxis.autorange && current.length && (day(current[0]) !== day(initialRange[0]) || day(current[1]) !== day(initialRange[1]))) {
            return quietly(Plotly.relayout(node, { "xaxis.range": initialRange.slice() }));
          }
          return null;
        }
        if (day(current[0]) === wanted[0] && day(current[1]) === wanted[1]) return null;
        return quietly(Plotly.relayout(node, { "xaxis.range": wanted }));
      }

      var config = {
        responsive: true,
        displaylogo: false,
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
        state.on(function (s, source) {
          var work = source === "timeline" ? Promise.resolve() : applyRange();
          return Promise.resolve(work).then(applyFilters).then(applySelection);
        });
        T.chart.current = { node: node, tip: tip };
        return Promise.resolve(applyRange()).then(applyFilters).then(applySelection).then(function () {
          node.setAttribute("data-ready", "true");
          return node;
        });
      });
    }
  };
})();
