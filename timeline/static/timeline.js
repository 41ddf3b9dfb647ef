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

  /* Copies of each filterable trace's per-point arrays, as built in Python. */
  function baseOf(figure) {
    return figure.data.map(function (trace, index) {
      var role = trace.meta && trace.meta.role;
      if (!FILTERED_ROLES[role]) return null;
      var base = { index: index, role: role, x: Array.from(trace.x), y: Array.from(trace.y), customdata: Array.from(trace.customdata) };
      if (trace.marker && Array.isArray(trace.marker.size)) base.size = Array.from(trace.marker.size);
      if (trace.marker && Array.isArray(trace.marker.symbol)) base.symbol = Array.from(trace.marker.symbol);
      if (trace.marker && trace.marker.line && Array.isArray(trace.marker.line.color)) base.lineColor = Array.from(trace.marker.line.color);
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
    function pick(values) {
      return keep.map(function (k) { return values[k]; });
    }
    var update = { x: pick(base.x), y: pick(base.y), customdata: pick(base.customdata) };
    if (base.size) update["marker.size"] = pick(base.size);
    if (base.symbol) update["marker.symbol"] = pick(base.symbol);
    if (base.lineColor) update["marker.line.color"] = pick(base.lineColor);
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

      function applyFilters() {
        var shown = data.events.map(function (ev) { return state.matches(ev, true); });
        var updates = base.map(function (b) { return filtered(b, shown); });
        var keys = {};
        updates.forEach(function (u) { Object.keys(u).forEach(function (k) { keys[k] = true; }); });
        var restyle = {};
        Object.keys(keys).forEach(function (k) {
          restyle[k] = updates.map(function (u, n) { return u[k] !== undefined ? u[k] : base[n][k]; });
        });
        var annotations = {};
        (node.layout.annotations || []).forEach(function (a, k) {
          var i = data.byId[a.name];
          if (i !== undefined) annotations["annotations[" + k + "].visible"] = shown[i];
        });
        return Plotly.restyle(node, restyle, base.map(function (b) { return b.index; })).then(function () {
          return Object.keys(annotations).length ? Plotly.relayout(node, annotations) : null;
        });
      }

      function applySelection() {
        var index = state.selected ? data.byId[state.selected] : undefined;
        var point = index !== undefined && state.matches(data.events[index], true) ? pointOf(index) : null;
        return Plotly.restyle(node, {
          x: [point ? [point.x] : []],
          y: [point ? [point.y] : []],
          "marker.size": [point ? Math.max(18, point.size + 12) : 18]
        }, [selectionTrace]);
      }

      function applyRange() {
        var f = state.filters;
        var current = node.layout.xaxis.range || [];
        var wanted = f.from || f.to ? [f.from || day(current[0]), f.to || day(current[1])] : null;
        if (!wanted) {
          if (!node.layout.xaxis.autorange && current.length && (day(current[0]) !== day(figure.layout.xaxis.range[0]) || day(current[1]) !== day(figure.layout.xaxis.range[1]))) {
            ownRelayout = true;
            return Plotly.relayout(node, { "xaxis.range": figure.layout.xaxis.range.slice() }).then(function () { ownRelayout = false; });
          }
          return null;
        }
        if (day(current[0]) === wanted[0] && day(current[1]) === wanted[1]) return null;
        ownRelayout = true;
        return Plotly.relayout(node, { "xaxis.range": wanted }).then(function () { ownRelayout = false; });
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
          Promise.resolve(work).then(applyFilters).then(applySelection);
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
