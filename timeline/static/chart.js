/* The plotly chart (the timeline): draws the figure built in Python with its
 * points from chart-points.js, shows an event's card on hover and click
 * (chart-card.js, which follows the selection),
 * and follows Timeline.state: filters thin out the points, the selected event
 * is ringed, and zooming or dragging the range slider sets the shared date
 * range. It opens on the figure's range (chart.opening_range, where the
 * events are) without setting a date filter; "all" shows the whole. The
 * labels are laid out for the width and range shown (chart-labels.js) after
 * every draw, resize, zoom and pan, with one relayout when they move.
 *
 * Built for 200,000 events. Every data change makes plotly recompute and
 * redraw every trace, so a change of filters is one Plotly.update at most
 * (points, range and labels together, typed arrays, only the traces whose
 * points changed) and none when nothing drawn changes; the ring around the
 * selected event is drawn over the chart, not by plotly, so selecting redraws
 * nothing. Above chart.WEBGL_FROM events the traces are WebGL, which a
 * browser without a GPU fills pixel by pixel on the CPU: there, each trace
 * holds only what can be seen at the current range and width (chart-cull.js).
 *
 * The functions below share one object, `c`: the chart being drawn (see setup). */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;
  var P = T.chartPoints;

  var ERA_ROW = 17; // pixels: an era label's height, and the step between their levels
  var NARROW = 600; // pixels: a chart narrower than this (a phone) puts its lanes' names on two lines
  var STORY_PAD = 60; // days: the least room a story's step leaves each side of its events' dates
  var TAP = 12; // pixels: a click this near a marker (outside it, nearer it than any other) picks it, as a finger needs

  function day(value) {
    /* A plotly date ("2024-03-22 07:12:00.123") as YYYY-MM-DD. */
    return String(value).slice(0, 10);
  }

  /* The chart about to be drawn into the element `elementId`: its figure,
   * data, each event's place (g), its traces' events (base), the card, the
   * ring, and its labels; the figure's range slider fixed to the whole range. */
  function setup(elementId, figure, data) {
    var g = P.geometry(data);
    var c = {
      node: document.getElementById(elementId),
      figure: figure,
      data: data,
      g: g,
      base: P.traces(figure, data, g),
      webgl: figure.data.some(function (t) { return /gl$/.test(t.type || ""); }),
      card: null, // below: it locates events through c
      ring: el("div", "chart-ring"),
      // The whole range ("all"; the slider's) and the one the chart opens on
      // (chart.opening_range: where the events are). Opening on it sets no
      // date filter; `opening` stays true until a date range is chosen.
      // (plotly changes figure.layout as the reader zooms: copies.)
      initialRange: ((figure.layout.xaxis.rangeslider || {}).range || figure.layout.xaxis.range).slice(),
      openRange: figure.layout.xaxis.range.slice(),
      opening: true,
      laidOut: null, // the labels' last layout (chart-labels.js), as applied
      base0: { t: figure.layout.margin.t, l: figure.layout.margin.l, lanes: figure.layout.yaxis.ticktext.slice() }, // before clearToolbar, laneNames
      lanesRange: figure.layout.yaxis.range.slice(), // the lanes' axis never moves
      ownRelayout: false,
      culledFor: null, // the view the traces were last culled for
      reculled: 0 // in a row after plotly's own redraws (should its margins ever swing back and forth)
    };
    // The range slider spans the whole figure whatever its traces hold now
    // (by default plotly fits it to their points, which are culled).
    // The card finds an event's marker where it is drawn now: not filtered out, in the range shown.
    c.card = T.chartCard(data, function (i) { return T.state.visibleAnyDate[i] ? P.anchor(c.node, g, i) : null; });
    figure.layout.xaxis.rangeslider = Object.assign({}, figure.layout.xaxis.rangeslider, { range: c.initialRange.slice() });
    c.ring.hidden = true;
    c.ring.setAttribute("aria-hidden", "true");
    // The labelled events' indices (undefined for an era's label), and whether each label is shown.
    c.labels = (figure.layout.annotations || []).map(function (a) { return data.byId[a.name]; });
    c.labelShown = c.labels.map(function () { return true; });
    return c;
  }

  function eventIndex(points) {
    for (var i = 0; i < points.length; i++) {
      var role = points[i].data.meta && points[i].data.meta.role;
      if (role === "events" && points[i].customdata !== undefined && points[i].customdata !== null) return points[i].customdata;
    }
    return null;
  }

  /* The x range and the plot's width in pixels, for culling; `range` the
   * range about to be shown (date strings, as plotly keeps them), if it is changing. */
  function viewOf(c, range) {
    var full = c.node._fullLayout;
    var xa = full && full.xaxis;
    var ms = (range || (full ? xa.range : c.initialRange)).map(function (v) { return xa ? xa.r2l(v) : Date.parse(v); });
    var m = c.figure.layout.margin;
    var width = full ? xa._length : c.node.clientWidth - m.l - m.r;
    return { from: ms[0], to: ms[1], width: Math.max(1, Math.round(width)) };
  }

  /* A trace's points for the filters (`shown`) and the view, or null when
   * they are the ones it holds; culled[t] and bands: the lane's filled markers, culled already. */
  function traceChange(c, b, t, shown, view, culled, bands) {
    if (c.webgl && b.role === "span") {
      var p = P.runPoints(T.cull.runs(b.byStart, b.byEnd, c.g.first, c.g.end, shown, view), b.lane);
      if (b.drawn && P.same(p.x, b.drawn.x)) return null;
      b.drawn = { x: p.x };
      return p;
    }
    var keep = !c.webgl ? P.shownOf(b, shown) : (culled[t] || T.cull.markers(b, shown, view, b.role === "range" ? bands[b.lane] : null)).keep;
    if (keep.length === b.members.length) keep = null; // all of them
    if (b.drawn && P.same(keep, b.drawn.keep) && !c.spreadMoved) return null;
    b.drawn = { keep: keep };
    return P.points(b, c.g, keep);
  }

  /* Each trace's points for the filters (`shown`) and the view, as plotly
   * takes them, for those traces whose points have changed. */
  function changes(c, shown, view) {
    c.culledFor = view;
    // SVG: markers that would hide each other spread (chart-points.js); WebGL culls what is hidden instead.
    var full = c.node._fullLayout;
    c.spreadMoved = !c.webgl && !!full && P.spread(c.base, c.g, shown, view, full.yaxis._length / Math.abs(full.yaxis.range[1] - full.yaxis.range[0]));
    var traces = [];
    var restyle = { x: [], y: [], customdata: [], "marker.size": [] };
    // Filled markers first: a lane's rings are culled under them.
    var culled = {};
    var bands = {};
    if (c.webgl) {
      c.base.forEach(function (b, t) {
        if (b.role !== "events" || b.open) return;
        culled[t] = T.cull.markers(b, shown, view, null);
        bands[b.lane] = culled[t].band;
      });
    }
    c.base.forEach(function (b, t) {
      var p = traceChange(c, b, t, shown, view, culled, bands);
      if (!p) return;
      traces.push(b.index);
      restyle.x.push(P.dates(p.x));
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
   * set after its range; the lanes' range is set again, or plotly fits it
   * to the points left. */
  function withPoints(c, range) {
    return { "xaxis.type": "date", "yaxis.type": "linear", "xaxis.range": range || c.node.layout.xaxis.range.slice(), "yaxis.range": c.lanesRange.slice() };
  }

  /* Keep only the points of the events that pass the filters (dates
   * aside: the visible range is the date filter) and, with WebGL, can
   * be seen; show the range of the date filter unless the reader set it
   * here: one plotly update, or none. */
  function applyFilters(c, source) {
    c.reculled = 0;
    if (T.state.filters.from || T.state.filters.to) c.opening = false;
    var shown = T.state.visibleAnyDate;
    var range = source === "timeline" ? null : wantedRange(c);
    var update = changes(c, shown, viewOf(c, range));
    var layout = update.traces.length ? withPoints(c, range) : range ? { "xaxis.range": range } : {};
    // The whole again: the slider too, which plotly widens to whatever it autoranged to (a double click).
    if (range && day(range[0]) === day(c.initialRange[0]) && day(range[1]) === day(c.initialRange[1])) {
      layout["xaxis.rangeslider.range"] = c.initialRange.slice();
    }
    showLabels(c, shown);
    var work = null;
    if (update.traces.length) work = quietly(c, Plotly.update(c.node, update.restyle, layout, update.traces));
    else if (Object.keys(layout).length) work = quietly(c, Plotly.relayout(c.node, layout));
    return Promise.resolve(work).then(function () { return layoutLabels(c); });
  }

  /* Which labelled events pass the filters (`shown`): layoutLabels shows their labels, if they have room. */
  function showLabels(c, shown) {
    c.labels.forEach(function (i, k) {
      if (i !== undefined) c.labelShown[k] = !!shown[i];
    });
  }

  /* The range the date filter asks for, or null when the chart shows it
   * already. Without dates: the opening range until a range was chosen,
   * then the whole figure (plotly's own autorange would fit the points a
   * WebGL trace holds now, and the labels). */
  function wantedRange(c) {
    var f = T.state.filters;
    var initial = storyRange(c) || (c.opening ? c.openRange : c.initialRange);
    var current = c.node.layout.xaxis.range || [];
    if (!f.from && !f.to) {
      if (c.node.layout.xaxis.autorange || current.length && (day(current[0]) !== day(initial[0]) || day(current[1]) !== day(initial[1]))) {
        return initial.slice();
      }
      return null;
    }
    var wanted = [f.from || day(current[0]), f.to || day(current[1])];
    if (day(current[0]) === wanted[0] && day(current[1]) === wanted[1]) return null;
    return wanted;
  }

  /* In a story, the range its step shows: its events' dates, with a sixth
   * of their span (at least STORY_PAD days) each side, inside the whole; the
   * whole for a step of no events or framed on the world. Else null. */
  function storyRange(c) {
    var now = T.state.step();
    if (!now) return null;
    if (!now.events.length || now.step.view === "world") return c.initialRange;
    var from = Infinity, to = -Infinity;
    now.events.forEach(function (i) {
      from = Math.min(from, c.g.first[i]);
      to = Math.max(to, c.g.end[i]);
    });
    var pad = Math.max((to - from) / 6, STORY_PAD * 86400000);
    var whole = c.initialRange.map(function (d) { return Date.parse(day(d)); });
    var iso = function (ms) { return new Date(ms).toISOString().slice(0, 10); };
    return [iso(Math.max(whole[0], from - pad)), iso(Math.min(whole[1], to + pad))];
  }

  /* The range the filters of the opening URL ask for, if not the figure's. */
  function wantedStartRange(c) {
    var f = T.state.filters;
    if (!f.from && !f.to) return null;
    return [f.from || day(c.initialRange[0]), f.to || day(c.initialRange[1])];
  }

  /* Our own redraws are not the reader choosing dates: ignore the relayout they fire. */
  function quietly(c, promise) {
    c.ownRelayout = true;
    return promise.then(function (result) {
      c.ownRelayout = false;
      return result;
    }, function (err) {
      c.ownRelayout = false;
      throw err;
    });
  }

  /* The width of each label's text, in pixels, as plotly draws it (its
   * font, its padding and border); kept, since the texts do not change. */
  function textWidth(c, annotation) {
    var known = (c.textWidths = c.textWidths || {});
    var font = (annotation.font && annotation.font.size || 12) + "px " + c.figure.layout.font.family;
    var key = font + "\n" + annotation.text;
    if (known[key] === undefined) {
      var ctx = c.measure || (c.measure = document.createElement("canvas").getContext("2d"));
      ctx.font = font;
      var text = String(annotation.text).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
      known[key] = Math.ceil(ctx.measureText(text).width) + 2 * (annotation.borderpad || 1) + 4;
    }
    return known[key];
  }

  /* The event labels' places for the chart as it is now: visible, ax, ay of each. */
  function eventLabels(c, full, out) {
    var xa = full.xaxis;
    var ya = full.yaxis;
    var annotations = c.figure.layout.annotations || [];
    var rows = { y: ((c.figure.layout.meta || {}).labelRows || []).map(function (v) { return ya.l2p(v); }), h: 20 };
    var which = [];
    var labels = [];
    var texts = (c.labelTexts = c.labelTexts || {}); // each label's whole text, and its place alone
    c.labels.forEach(function (i, k) {
      if (i === undefined || !c.labelShown[k]) return;
      var a = annotations[k];
      if (!texts[k]) texts[k] = { whole: a.text, short: String(a.text).split(T._(" · "))[0] };
      var w = function (text) { return textWidth(c, { text: text, font: a.font, borderpad: a.borderpad }); };
      which.push(k);
      labels.push({ x: xa.l2p(c.g.mid[i]), y: ya.l2p(c.g.lane[i]), w: w(texts[k].whole), short: texts[k].short !== texts[k].whole ? w(texts[k].short) : 0 });
    });
    var places = T.chartLabels.events(labels, rows, xa._length);
    c.labels.forEach(function (i, k) {
      if (i !== undefined) out["annotations[" + k + "].visible"] = false;
    });
    places.forEach(function (p, n) {
      var k = which[n];
      out["annotations[" + k + "].visible"] = !!p;
      if (!p) return;
      out["annotations[" + k + "].text"] = p.short ? texts[k].short : texts[k].whole;
      out["annotations[" + k + "].ax"] = xa.p2l(p.centre);
      out["annotations[" + k + "].ay"] = ya.p2l(rows.y[p.row]);
    });
  }

  /* The era labels' places: from the era's first visible day, stacked at most two high. */
  function eraLabels(c, full, out) {
    var xa = full.xaxis;
    var annotations = c.figure.layout.annotations || [];
    var shapes = {};
    (c.figure.layout.shapes || []).forEach(function (s) { shapes["era:" + s.name] = s; });
    var which = [];
    var list = [];
    var texts = (c.eraTexts = c.eraTexts || {}); // each era label's whole text, and without its dates
    annotations.forEach(function (a, k) {
      var s = shapes[a.name];
      if (!s) return;
      if (!texts[k]) texts[k] = { whole: a.text, short: String(a.text).replace(/ \([^()]*\)$/, "") };
      which.push(k);
      var short = texts[k].short !== texts[k].whole ? textWidth(c, { text: texts[k].short, font: a.font, borderpad: a.borderpad }) : 0;
      list.push({ start: xa.l2p(Number(s.x0)), end: xa.l2p(Number(s.x1)), w: textWidth(c, { text: texts[k].whole, font: a.font, borderpad: a.borderpad }), short: short });
    });
    var levels = [0, 1].map(function (level) { return inBand(c, full, level * ERA_ROW, (level + 1) * ERA_ROW); });
    T.chartLabels.eras(list, xa._length, levels).forEach(function (p, n) {
      var k = which[n];
      out["annotations[" + k + "].visible"] = !!p;
      if (!p) return;
      out["annotations[" + k + "].text"] = p.short ? texts[k].short : texts[k].whole;
      out["annotations[" + k + "].x"] = xa.p2l(p.left);
      out["annotations[" + k + "].xanchor"] = "left";
      out["annotations[" + k + "].y"] = p.level * ERA_ROW / full.yaxis._length;
    });
  }

  /* The x extents ({left, right}, pixels) of the markers and bars drawn
   * between `from` and `to` pixels above the plot's bottom: what an era label there would cover. */
  function inBand(c, full, from, to) {
    var xa = full.xaxis;
    var ya = full.yaxis;
    var g = c.g;
    var shown = T.state.visibleAnyDate;
    var out = [];
    var lanes = byLane(c);
    for (var lane = 0; lane < lanes.reach.length; lane++) {
      // A lane none of whose markers reaches the band: none of its events to look at.
      var centre = ya._length - ya.l2p(lane);
      if (centre - lanes.reach[lane] > to || centre + lanes.reach[lane] < from) continue;
      var events = lanes.order.subarray(lanes.start[lane], lanes.start[lane + 1]);
      for (var k = 0; k < events.length; k++) {
        var i = events[k];
        if (shown[i]) reaches(g, xa, ya, i, from, to, out);
      }
    }
    return out;
  }

  /* Each lane's events (order, from start[lane] to start[lane + 1]) and how
   * far its markers reach from its line at most (pixels): made once. */
  function byLane(c) {
    if (c.lanes) return c.lanes;
    var g = c.g;
    var n = g.lane.length;
    var count = 0;
    for (var i = 0; i < n; i++) count = Math.max(count, g.lane[i] + 1);
    var start = new Int32Array(count + 1);
    var reach = new Float64Array(count);
    for (i = 0; i < n; i++) {
      start[g.lane[i] + 1]++;
      reach[g.lane[i]] = Math.max(reach[g.lane[i]], Math.max(g.size[i], g.ring[i] || 0) / 2 + 1);
    }
    for (var l = 0; l < count; l++) start[l + 1] += start[l];
    var order = new Int32Array(n);
    var fill = start.slice(0, count);
    for (i = 0; i < n; i++) order[fill[g.lane[i]]++] = i;
    c.lanes = { order: order, start: start, reach: reach };
    return c.lanes;
  }

  /* Add event i's extent to `out` if its marker or bar reaches between `from` and `to` pixels above the plot's bottom. */
  function reaches(g, xa, ya, i, from, to, out) {
    var above = ya._length - ya.l2p(g.lane[i]); // the lane's centre, above the bottom
    var r = Math.max(g.size[i], g.ring[i] || 0) / 2 + 1;
    if (above - r > to || above + r < from) return;
    var x = xa.l2p(g.mid[i]);
    var bar = g.end[i] > g.first[i] ? [xa.l2p(g.first[i]), xa.l2p(g.end[i])] : [x, x];
    var left = Math.min(x - r, bar[0]);
    var right = Math.max(x + r, bar[1]);
    if (right >= 0 && left <= xa._length) out.push({ left: left, right: right });
  }

  /* Keep plotly's toolbar (the mode bar, top right) off the range buttons
   * (top left): where the chart is too narrow for both on one line (a
   * phone), the plot moves down under the toolbar, the chart growing as much
   * (but in timeline.html, where it is as tall as the window). */
  function clearToolbar(c, out) {
    var bar = c.node.querySelector(".modebar");
    var buttons = c.node.querySelector(".rangeselector");
    var layout = c.node.layout;
    if (!bar || !buttons || !c.base0) return;
    var b = bar.getBoundingClientRect();
    var r = buttons.getBoundingClientRect();
    // Either one not shown (print hides both): nothing to keep apart; measuring would raise the plot without end.
    if (!b.width || !r.width) return;
    var raised = layout.margin.t - c.base0.t;
    var need = r.right + 4 > b.left ? Math.max(0, Math.ceil(b.bottom + 4 - (r.top - raised))) : 0;
    if (need === raised) return;
    out["margin.t"] = c.base0.t + need;
    // In a page of its own (timeline.html) page.js keeps the chart as tall as the window: the plot gives way.
    if (c.node.parentNode.classList.contains("view")) return;
    out.height = layout.height - raised + need;
    out.autosize = true; // plotly turns it off when the height is set, and stops following the width
  }

  /* Where the chart is narrow (a phone), a lane's name that is wider than
   * the margin needs to be is broken onto two lines, and the margin is no
   * wider than the names then need: the plot gets the width they give up. */
  function laneNames(c, out) {
    var names = c.base0.lanes;
    var text = names;
    var left = c.base0.l;
    if (c.node.clientWidth < NARROW) {
      var narrow = T.chartLabels.laneNames(names, function (t) { return laneWidth(c, t); });
      text = narrow.text;
      left = Math.min(left, narrow.width + 10);
    }
    var layout = c.node.layout;
    if (layout.margin.l !== left) out["margin.l"] = left;
    if (layout.yaxis.ticktext.join("\n") !== text.join("\n")) out["yaxis.ticktext"] = text;
  }

  function laneWidth(c, text) {
    return textWidth(c, { text: text, font: { size: c.figure.layout.font.size }, borderpad: 0 });
  }

  /* A relayout of the labels' places, the toolbar's room and the lanes'
   * names only (layoutLabels's own). */
  function layoutOnly(e) {
    return Object.keys(e).every(function (k) { return /^(annotations\[|margin\.[tl]$|height$|autosize$|yaxis\.ticktext$)/.test(k); });
  }

  /* Lay the labels out again for the chart's width and range now
   * (chart-labels.js), with one relayout, only when something moved. */
  function layoutLabels(c) {
    var full = c.node._fullLayout;
    // Not while plotly autoranges ("all"): it would fit the range to the labels' new places.
    if (!full || !full.xaxis || !(full.xaxis._length > 0) || c.node.layout.xaxis.autorange) return null;
    var update = {};
    laneNames(c, update);
    eventLabels(c, full, update);
    eraLabels(c, full, update);
    clearToolbar(c, update);
    // Said on the chart once applied, for whoever waits on it (the tests): its width and range.
    var view = Math.round(full.xaxis._length) + " " + full.xaxis.range.map(day).join(" ");
    var key = JSON.stringify(update);
    if (key === c.laidOut) {
      c.node.dataset.labelsFor = view;
      return null;
    }
    c.laidOut = key;
    return Plotly.relayout(c.node, update).then(function () {
      c.node.dataset.labelsFor = view;
    });
  }

  /* Ring the selected event's marker: a circle laid over the chart where
   * its marker is (from the event's place, so it rings an event whose
   * marker is hidden under another too), moved when the chart is zoomed,
   * panned or resized; hidden when the event is filtered out or outside
   * the range. */
  function placeRing(c, cached) {
    var state = T.state;
    var index = state.selected ? c.data.byId[state.selected] : undefined;
    if (!cached) c.svgOffset = null; // plotly drew, or the page moved: measure again
    putRing(c, c.ring, index);
    // A story's step: a ring of the story's colour around each of its events (but the selected one).
    var now = state.step();
    var others = now ? now.events.filter(function (i) { return i !== index; }) : [];
    c.stepRings = c.stepRings || [];
    while (c.stepRings.length < others.length) {
      var extra = el("div", "chart-ring story-ring");
      extra.setAttribute("aria-hidden", "true");
      c.node.appendChild(extra);
      c.stepRings.push(extra);
    }
    c.stepRings.forEach(function (ring, n) { putRing(c, ring, others[n]); });
  }

  /* Put `ring` around event `index`'s marker, or hide it (no such event, filtered out, out of range). */
  function putRing(c, ring, index) {
    var g = c.g;
    var full = c.node._fullLayout;
    if (index === undefined || !T.state.visibleAnyDate[index] || !full) {
      ring.hidden = true;
      delete ring.dataset.eventId;
      return;
    }
    var xa = full.xaxis;
    var ya = full.yaxis;
    var x = xa._offset + xa.l2p(g.mid[index]);
    var y = ya._offset + ya.l2p(g.lane[index] + g.dy[index]);
    var size = Math.max(18, g.size[index] + 12);
    ring.dataset.eventId = c.data.events[index].id;
    ring.dataset.date = new Date(g.mid[index]).toISOString().slice(0, 10);
    var inside = x >= xa._offset - 1 && x <= xa._offset + xa._length + 1;
    ring.hidden = !inside;
    if (!inside) return;
    var at = c.svgOffset || (c.svgOffset = svgOffset(c));
    ring.style.width = ring.style.height = size + "px";
    ring.style.left = at.left + x - size / 2 + "px";
    ring.style.top = at.top + y - size / 2 + "px";
  }

  /* Where plotly's drawing is in the chart's element, in pixels. Kept until
   * plotly draws again or the page is resized (placeRing): a selection that
   * only moves the ring reads no layout, which other views have just
   * changed (the browser would lay the whole page out to answer). */
  function svgOffset(c) {
    var svg = c.node.querySelector(".main-svg");
    var offset = svg ? svg.getBoundingClientRect() : { left: 0, top: 0 };
    var own = c.node.getBoundingClientRect();
    return { left: offset.left - own.left, top: offset.top - own.top };
  }

  /* After a change of width or range that set no filter (a resize; plotly
   * moving its margins, as it may while it autoranges): cull again for
   * what is in view now, if that changed (SVG: spread again). */
  function recull(c, afterPlot) {
    if (c.starting || !c.node._fullLayout || (!c.webgl && afterPlot)) return null; // SVG: spread again on a resize only
    var view = viewOf(c, null);
    var before = c.culledFor;
    if (before && view.from === before.from && view.to === before.to && view.width === before.width) return null;
    c.reculled = afterPlot ? c.reculled + 1 : 0;
    if (c.reculled > 3) return null;
    var update = changes(c, T.state.visibleAnyDate, view);
    if (!update.traces.length) return null;
    return quietly(c, Plotly.update(c.node, update.restyle, withPoints(c, null), update.traces));
  }

  /* The figure's first points: for the filters and the range the page opens with
   * (WebGL: the range only; see T.chart.init). */
  function firstPoints(c) {
    var figure = c.figure;
    var startRange = wantedStartRange(c);
    if (startRange) figure.layout.xaxis.range = startRange;
    if (c.webgl) return;
    var first = changes(c, T.state.visibleAnyDate, viewOf(c, startRange || c.openRange));
    first.traces.forEach(function (index, k) {
      var trace = figure.data[index];
      trace.x = first.restyle.x[k];
      trace.y = first.restyle.y[k];
      trace.customdata = first.restyle.customdata[k];
      if (first.restyle["marker.size"][k]) trace.marker.size = first.restyle["marker.size"][k];
    });
  }

  /* plotly's options: figure.config, the ones chart.py gives wherever the
   * chart is drawn (OFFLINE_CONFIG), the page's own, and the reader's
   * language (chart.plotly_locale: months, days, marks and plotly's words,
   * from CLDR and our catalogue; none for English). */
  function plotConfig(figure) {
    var locale = figure.layout.meta && figure.layout.meta.locale;
    var language = {};
    if (locale) {
      language.locale = locale.name;
      language.locales = {};
      language.locales[locale.name] = { dictionary: locale.dictionary, format: locale.format };
    }
    return Object.assign({}, figure.config, language, {
      responsive: true,
      // plotly draws WebGL at twice the page's pixels by default; at the
      // screen's own density a standard screen has a quarter of the pixels
      // to fill (without a GPU, that is most of the cost of a redraw).
      plotGlPixelRatio: Math.min(2, Math.max(1, window.devicePixelRatio || 1)),
      modeBarButtonsToRemove: figure.config.modeBarButtonsToRemove.concat(["select2d", "lasso2d", "autoScale2d"])
    });
  }

  /* The range button `button` (an element of plotly's) as the figure
   * gives it, {count, step}, found by its place among the buttons: its
   * label is in the reader's language. */
  function rangeButton(c, button) {
    if (!button) return null;
    var all = Array.prototype.slice.call(button.parentNode.querySelectorAll(".button"));
    return ((c.figure.layout.xaxis.rangeselector || {}).buttons || [])[all.indexOf(button)] || null;
  }

  /* "1y" and "3y" count back from the day the last event began, not from
   * the axis's end (plotly's way, which may leave an empty year); "all"
   * shows the whole figure (plotly's autorange would fit it to the labels
   * and widen the slider): the buttons' clicks are taken before plotly's
   * own handler sees them. */
  function rangeButtons(c) {
    var lastStart = -Infinity;
    for (var i = 0; i < c.g.first.length; i++) lastStart = Math.max(lastStart, c.g.first[i]);
    c.node.addEventListener("click", function (e) {
      var which = rangeButton(c, e.target.closest && e.target.closest(".rangeselector .button"));
      if (which && which.step === "all") {
        e.stopPropagation();
        c.opening = false;
        T.state.setFilters({ from: null, to: null }, "all");
        return;
      }
      if (!which || which.step !== "year" || lastStart === -Infinity) return;
      e.stopPropagation();
      var from = new Date(lastStart);
      from.setUTCFullYear(from.getUTCFullYear() - Number(which.count));
      Plotly.relayout(c.node, { "xaxis.range": [day(from.toISOString()), day(c.initialRange[1])] });
    }, true);
  }

  /* Follow the reader (hover, click, zoom, resize) and the shared state. */
  function listen(c) {
    var node = c.node;
    var card = c.card;
    var state = T.state;
    var ring = function () { placeRing(c); };
    // The event under the pointer is the marker seen there (chart-points.js's hit), or the
    // nearest within TAP pixels of it, else plotly's nearest.
    var pick = function (e) { var i = P.hitAt(node, c.base, c.g, e.event, TAP); return i === null ? eventIndex(e.points) : i; };
    var at = function (index) { return P.anchor(node, c.g, index); };
    node.on("plotly_hover", function (e) {
      var index = pick(e);
      if (index === null || card.isPinned()) return;
      card.show(index, at(index), false);
    });
    // plotly tells only when its own pick changes: follow the marker seen as the pointer moves.
    node.addEventListener("mousemove", function (e) {
      var index = card.isPinned() ? null : P.hitAt(node, c.base, c.g, e);
      if (index !== null && (card.tip.hidden || card.tip.dataset.eventId !== c.data.events[index].id)) card.show(index, at(index), false);
    });
    node.on("plotly_unhover", function () {
      if (!card.isPinned()) card.hide();
    });
    rangeButtons(c);
    node.on("plotly_click", function (e) {
      var index = pick(e);
      if (index === null) return;
      card.show(index, at(index), true);
      state.select(c.data.events[index].id, "timeline");
    });
    node.on("plotly_relayout", function (e) {
      placeRing(c);
      if (c.ownRelayout || layoutOnly(e)) return;
      if (e["xaxis.autorange"] || e["xaxis.range"] === undefined && e["xaxis.range[0]"] === undefined) {
        if (e["xaxis.autorange"]) {
          c.opening = false;
          state.setFilters({ from: null, to: null }, "all");
        } else {
          recull(c);
          layoutLabels(c);
        }
        return;
      }
      var range = e["xaxis.range"] || [e["xaxis.range[0]"], e["xaxis.range[1]"]];
      state.setFilters({ from: day(range[0]), to: day(range[1]) }, "timeline");
    });
    node.on("plotly_afterplot", function () {
      placeRing(c);
      // Measured at the next frame, which lays the page out anyway, for the next selection.
      requestAnimationFrame(function () {
        if (!c.svgOffset && c.node._fullLayout) c.svgOffset = svgOffset(c);
      });
      Promise.resolve(recull(c, true)).then(function () { return layoutLabels(c); });
    });
    node.on("plotly_relayouting", ring);
    window.addEventListener("resize", ring);
    node.appendChild(c.ring);
    state.on(function (s, source, changed) {
      var work = !changed || changed.filters ? applyFilters(c, source) : null;
      return Promise.resolve(work).then(function () {
        placeRing(c, !work); // a change of filters may have moved the drawing (plotly's margins)
        card.follow(c.data.byId[state.selected]);
      });
    });
  }

  /* The reader's language writes other digits than plotly's (Persian: ۰–۹):
   * put them in the date axis's tick labels whenever plotly draws them
   * (before the browser paints them: a mutation observer's turn comes first). */
  function localDigits(node) {
    var zero = new Intl.NumberFormat(T.lang).format(0);
    if (zero === "0") return;
    var base = zero.charCodeAt(0) - 48;
    var swap = function (text) { return text.replace(/[0-9]/g, function (d) { return String.fromCharCode(d.charCodeAt(0) + base); }); };
    var fix = function () {
      node.querySelectorAll(".xtick text, .xtick tspan").forEach(function (t) {
        t.childNodes.forEach(function (n) {
          if (n.nodeType === 3 && /[0-9]/.test(n.data)) n.data = swap(n.data);
        });
      });
    };
    new MutationObserver(fix).observe(node, { childList: true, subtree: true, characterData: true });
  }

  T.chart = {
    /* Plot `figure` into the element with id `elementId`. */
    init: function (elementId, figure, data) {
      var c = setup(elementId, figure, data);
      firstPoints(c);
      // A right-to-left page's chart is still drawn left to right: time runs
      // that way on its axis (chart.py's _xaxis), and plotly lays its SVG
      // out for it; right-to-left text in it reads right to left all the same.
      if (T.rtl) c.node.dir = "ltr";
      localDigits(c.node);
      // WebGL: plotly draws the whole figure again each time it moves its
      // margins (its own, then the labels' and the toolbar's), and a browser
      // without a GPU fills every one of those drawings on the CPU before the
      // first frame shows. So the figure is laid out without its points, and
      // they come in one update once it has settled: drawn once.
      c.starting = c.webgl;
      return Plotly.newPlot(c.node, figure.data, figure.layout, plotConfig(figure)).then(function () {
        listen(c);
        T.chart.current = { node: c.node, tip: c.card.tip, ring: c.ring };
        var settled = null;
        if (c.starting) {
          showLabels(c, T.state.visibleAnyDate);
          settled = layoutLabels(c);
        }
        return Promise.resolve(settled).then(function () {
          c.starting = false;
          return applyFilters(c, "start");
        }).then(function () { placeRing(c); }).then(function () {
          c.node.setAttribute("data-ready", "true");
          return c.node;
        });
      });
    },

    /* Every trace's points as chart.py draws them with points=True (all of
     * them, unfiltered, as plain lists with null for NaN; null for a trace
     * that has no events' points), for tests. */
    points: function (figure, data) {
      var g = P.geometry(data);
      var out = figure.data.map(function () { return null; });
      P.traces(figure, data, g).forEach(function (b) {
        var p = P.points(b, g, null);
        var list = function (a) { return Array.from(a, function (v) { return v === v ? v : null; }); };
        out[b.index] = { x: list(p.x), y: list(p.y), customdata: list(p.customdata), size: p.size ? list(p.size) : null };
      });
      return out;
    }
  };
})();
