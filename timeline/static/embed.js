/* The embed (output/embed/timeline.html, timeline-standalone.html): the
 * timeline drawn by the host page's plotly.js from the figure built in
 * Python, its labels laid out again for the width it is given, on the first
 * draw and on every resize, zoom and pan, by the pages' own rules
 * (chart-labels.js, handed in: embed.py runs it in a scope of its own, so
 * nothing but TimelineEmbed reaches the host's window); and a card on hover
 * with the event's text as the figure carries it (chart.py's hover text:
 * title, date, place, each figure with its sources).
 *
 * The page's chart.js does the same for the pages, from the data block; the
 * embed has no data block (its figure holds its points), so this file is the
 * little glue between the figure and chart-labels.js: where each label's
 * event is, how wide its text is, what the era labels would cover. */
(function () {
  "use strict";
  if (window.TimelineEmbed) return;

  var ERA_ROW = 17; // pixels: an era label's height and the step between its levels (chart.js's)
  var CARD_GAP = 10;
  var NARROW = 600; // pixels: an embed narrower than this puts long lane names on two lines (chart.js's)

  function day(value) {
    return String(value).slice(0, 10);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The width of a label's text in pixels as plotly draws it (chart.js's measure). */
  function textWidth(c, text, annotation) {
    var font = (annotation.font && annotation.font.size || 12) + "px " + c.font;
    var key = font + "\n" + text;
    if (c.widths[key] === undefined) {
      var ctx = c.measure || (c.measure = document.createElement("canvas").getContext("2d"));
      ctx.font = font;
      var plain = String(text).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
      c.widths[key] = Math.ceil(ctx.measureText(plain).width) + 2 * (annotation.borderpad || 1) + 4;
    }
    return c.widths[key];
  }

  /* The event labels' places (chart-labels.js's events) for the width and range shown. */
  function eventLabels(c, full, out) {
    var xa = full.xaxis;
    var ya = full.yaxis;
    var rows = { y: (c.layout.meta && c.layout.meta.labelRows || []).map(function (v) { return ya.l2p(v); }), h: 20 };
    var which = [];
    var labels = [];
    c.annotations.forEach(function (a, k) {
      if (!a.showarrow) return;
      var whole = a.text;
      var short = String(whole).split(said(c.layout.meta && c.layout.meta.locale, " · "))[0]; // chart.separator: between the place and the date
      which.push(k);
      labels.push({ x: xa.l2p(Number(a.x)), y: ya.l2p(Number(a.y)), w: textWidth(c, whole, a), short: short !== whole ? textWidth(c, short, a) : 0 });
    });
    var places = c.labels.events(labels, rows, xa._length);
    places.forEach(function (p, n) {
      var k = which[n];
      var a = c.annotations[k];
      out["annotations[" + k + "].visible"] = !!p;
      if (!p) return;
      out["annotations[" + k + "].text"] = p.short ? String(a.text).split(said(c.layout.meta && c.layout.meta.locale, " · "))[0] : a.text;
      out["annotations[" + k + "].ax"] = xa.p2l(p.centre);
      out["annotations[" + k + "].ay"] = ya.p2l(rows.y[p.row]);
    });
  }

  /* The x extents of the markers and bars drawn between `from` and `to`
   * pixels above the plot's bottom (what an era label there would cover). */
  function inBand(c, full, from, to) {
    var xa = full.xaxis;
    var ya = full.yaxis;
    var out = [];
    var add = function (left, right, y, r) {
      var above = ya._length - ya.c2p(y);
      if (above - r > to || above + r < from) return;
      var l = Math.min(xa.c2p(left), xa.c2p(right)) - r;
      var rr = Math.max(xa.c2p(left), xa.c2p(right)) + r;
      if (rr >= 0 && l <= xa._length) out.push({ left: l, right: rr });
    };
    (c.plot.calcdata || []).forEach(function (cd) {
      var trace = cd[0] && cd[0].trace;
      var role = trace && trace.meta && trace.meta.role;
      if (!role) return;
      var ok = function (p) { return p && typeof p.x === "number" && typeof p.y === "number" && p.x === p.x && p.y === p.y; };
      if (role === "span") {
        for (var n = 0; n + 1 < cd.length; n++) {
          if (ok(cd[n]) && ok(cd[n + 1])) add(cd[n].x, cd[n + 1].x, cd[n].y, (trace.line.width || 0) / 2);
        }
        return;
      }
      cd.forEach(function (p) {
        if (ok(p)) add(p.x, p.x, p.y, (p.mrc || 0) + 1);
      });
    });
    return out;
  }

  /* The era labels' places (chart-labels.js's eras): from the era's first visible day, stacked at most two high. */
  function eraLabels(c, full, out) {
    var xa = full.xaxis;
    var shapes = {};
    (c.layout.shapes || []).forEach(function (s) { shapes["era:" + s.name] = s; });
    var which = [];
    var list = [];
    c.annotations.forEach(function (a, k) {
      var s = shapes[a.name];
      if (!s) return;
      var short = String(a.text).replace(/ \([^()]*\)$/, "");
      which.push(k);
      list.push({ start: xa.l2p(Number(s.x0)), end: xa.l2p(Number(s.x1)), w: textWidth(c, a.text, a), short: short !== a.text ? textWidth(c, short, a) : 0 });
    });
    var levels = [0, 1].map(function (level) { return inBand(c, full, level * ERA_ROW, (level + 1) * ERA_ROW); });
    c.labels.eras(list, xa._length, levels).forEach(function (p, n) {
      var k = which[n];
      var a = c.annotations[k];
      out["annotations[" + k + "].visible"] = !!p;
      if (!p) return;
      out["annotations[" + k + "].text"] = p.short ? String(a.text).replace(/ \([^()]*\)$/, "") : a.text;
      out["annotations[" + k + "].x"] = xa.p2l(p.left);
      out["annotations[" + k + "].xanchor"] = "left";
      out["annotations[" + k + "].y"] = p.level * ERA_ROW / full.yaxis._length;
    });
  }

  /* Where the embed is narrow (a phone), the lanes' long names on two lines
   * (chart-labels.js's laneNames, as the pages do): the plot gets the width.
   * The margin follows by itself (automargin). */
  function laneNames(c, out) {
    var text = c.lanes;
    if (c.plot.clientWidth < NARROW) {
      var font = { size: c.layout.font.size };
      text = c.labels.laneNames(c.lanes, function (t) { return textWidth(c, t, { font: font, borderpad: 0 }); }).text;
    }
    if (c.plot.layout.yaxis.ticktext.join("\n") !== text.join("\n")) out["yaxis.ticktext"] = text;
  }

  /* Lay the labels out for the width and range shown now: one relayout, only when something moved.
   * The root says for which (data-labels-for: the plot's width and range) once they are applied. */
  function layoutLabels(c) {
    var full = c.plot._fullLayout;
    if (!full || !full.xaxis || !(full.xaxis._length > 0) || c.plot.layout.xaxis.autorange) return Promise.resolve();
    var update = {};
    laneNames(c, update);
    eventLabels(c, full, update);
    eraLabels(c, full, update);
    var view = Math.round(full.xaxis._length) + " " + full.xaxis.range.map(day).join(" ");
    var key = JSON.stringify(update);
    if (key === c.laidOut) {
      c.root.setAttribute("data-labels-for", view);
      return Promise.resolve();
    }
    c.laidOut = key;
    c.own = true;
    return Plotly.relayout(c.plot, update).then(function () {
      c.own = false;
      c.root.setAttribute("data-labels-for", view);
    }, function (err) {
      c.own = false;
      throw err;
    });
  }

  /* Lay the labels out again soon (once, whatever asked how many times). */
  function again(c) {
    if (c.pending) return;
    c.pending = true;
    requestAnimationFrame(function () {
      c.pending = false;
      layoutLabels(c);
    });
  }

  /* The card's lines from the figure's hover text (chart.py: "<b>title</b><br>line<br>...", escaped as plotly reads it). */
  function cardLines(text) {
    return String(text).split("<br>").map(function (line) {
      return line.replace(/<\/?b>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    });
  }

  /* Show the card of the point hovered, beside its marker, inside the embed. */
  function showCard(c, point) {
    var full = c.plot._fullLayout;
    if (!point || point.hovertext === undefined || !full) return;
    var lines = cardLines(point.hovertext);
    var card = c.card;
    card.textContent = "";
    card.appendChild(el("p", "timeline-embed-card-title", lines[0]));
    lines.slice(1).forEach(function (line) { card.appendChild(el("p", "", line)); });
    card.hidden = false;
    var xa = point.xaxis;
    var ya = point.yaxis;
    var plotBox = c.plot.getBoundingClientRect();
    var rootBox = c.root.getBoundingClientRect();
    var x = plotBox.left - rootBox.left + xa._offset + xa.l2p(xa.d2l(point.x));
    var y = plotBox.top - rootBox.top + ya._offset + ya.l2p(ya.d2l(point.y));
    var w = card.offsetWidth;
    var h = card.offsetHeight;
    var left = Math.min(Math.max(0, x - w / 2), rootBox.width - w);
    // Below the marker when it is in the upper half of the plot, else above.
    var top = y < plotBox.top - rootBox.top + ya._offset + ya._length / 2 ? y + CARD_GAP + 6 : y - CARD_GAP - 6 - h;
    card.style.left = Math.max(0, left) + "px";
    card.style.top = top + "px";
    card.setAttribute("data-event-index", String(point.customdata));
  }

  /* plotly's options: the figure's, and its language (chart.plotly_locale:
   * months, days, marks and plotly's words; none for English). */
  function plotConfig(figure, locale) {
    var config = Object.assign({}, figure.config);
    if (locale) {
      config.locale = locale.name;
      config.locales = {};
      config.locales[locale.name] = { dictionary: locale.dictionary, format: locale.format };
    }
    return config;
  }

  /* Our words in the figure's language: its locale's dictionary, keyed by the English. */
  function said(locale, text) {
    return (locale && locale.dictionary && locale.dictionary[text]) || text;
  }

  /* Where the language writes other digits than plotly's (Persian: ۰–۹),
   * put them in the date axis's tick labels whenever plotly draws them. */
  function localDigits(plot, locale) {
    if (!locale || typeof Intl === "undefined" || typeof MutationObserver === "undefined") return;
    var zero = new Intl.NumberFormat(locale.name).format(0);
    if (zero === "0") return;
    var base = zero.charCodeAt(0) - 48;
    var swap = function (text) { return text.replace(/[0-9]/g, function (d) { return String.fromCharCode(d.charCodeAt(0) + base); }); };
    new MutationObserver(function () {
      plot.querySelectorAll(".xtick text, .xtick tspan").forEach(function (t) {
        t.childNodes.forEach(function (n) {
          if (n.nodeType === 3 && /[0-9]/.test(n.data)) n.data = swap(n.data);
        });
      });
    }).observe(plot, { childList: true, subtree: true, characterData: true });
  }

  /* The host page's plotly.js draws the figure; the labels follow every draw and resize. */
  function draw(rootId, labels) {
    var root = document.getElementById(rootId);
    var plot = root && root.querySelector(".timeline-embed-plot");
    var block = root && root.querySelector("script[type='application/json']");
    if (!plot || !block) return Promise.resolve(null);
    var figure = JSON.parse(block.textContent);
    var locale = figure.layout.meta && figure.layout.meta.locale;
    if (typeof Plotly === "undefined") {
      plot.appendChild(el("p", "timeline-embed-missing", said(locale, "This timeline needs plotly.js on the page: load it before this fragment.")));
      return Promise.resolve(null);
    }
    // Time runs left to right on the axis in every language (chart.py's _xaxis), whatever the host page's direction.
    if (locale) plot.dir = "ltr";
    localDigits(plot, locale);
    var c = {
      root: root,
      plot: plot,
      layout: figure.layout,
      // The labels' own texts and places, kept whatever plotly does to the layout it is given.
      annotations: JSON.parse(JSON.stringify(figure.layout.annotations || [])),
      lanes: figure.layout.yaxis.ticktext.slice(),
      font: figure.layout.font.family,
      widths: {},
      labels: labels,
      laidOut: null,
      own: false,
      pending: false,
      card: el("div", "timeline-embed-card")
    };
    c.card.hidden = true;
    c.card.setAttribute("role", "status");
    root.appendChild(c.card);
    var whole = figure.layout.xaxis.rangeslider.range.slice();
    var buttons = (figure.layout.xaxis.rangeselector || {}).buttons || [];
    return Plotly.newPlot(plot, figure.data, figure.layout, plotConfig(figure, locale)).then(function () {
      plot.on("plotly_hover", function (e) { showCard(c, e.points && e.points[0]); });
      plot.on("plotly_unhover", function () { c.card.hidden = true; });
      plot.on("plotly_afterplot", function () { again(c); });
      plot.on("plotly_relayout", function () {
        c.card.hidden = true;
        if (!c.own) again(c);
      });
      // "all" shows the whole figure (plotly's own would fit it to the labels and autorange, which the labels do not follow).
      plot.addEventListener("click", function (e) {
        // The button by its place among them (its label is in the figure's language).
        var button = e.target.closest && e.target.closest(".rangeselector .button");
        var which = button && buttons[Array.prototype.indexOf.call(button.parentNode.querySelectorAll(".button"), button)];
        if (!which || which.step !== "all") return;
        e.stopPropagation();
        Plotly.relayout(plot, { "xaxis.range": whole.slice() });
      }, true);
      // The host's column may change width without the window doing so.
      if (typeof ResizeObserver !== "undefined") {
        var width = root.clientWidth;
        new ResizeObserver(function () {
          if (root.clientWidth === width) return;
          width = root.clientWidth;
          Plotly.Plots.resize(plot);
        }).observe(root);
      }
      return layoutLabels(c);
    }).then(function () {
      root.setAttribute("data-ready", "true");
      return plot;
    });
  }

  window.TimelineEmbed = { draw: draw };
})();
