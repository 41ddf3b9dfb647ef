/* Printing index.html (the browser's Print, or scripts/print_pdf.py). On
 * 'beforeprint' the page takes its printed layout at once (html.printing,
 * style.css: sizes that fit A4 and Letter alike), so the views can be fitted
 * to it before the browser lays the pages out: the active filters are spelled
 * out above the map, a selected event's card is put beside it, the map is
 * framed on the events the filters let through and the timeline is laid out
 * again for the printed width, without its range slider. 'afterprint' puts
 * every view back as it was. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var saved = null; // what 'afterprint' puts back; null when not printing

  /* Table text set in a line of our words, isolated for the bidirectional
   * algorithm (U+2068…U+2069, as timeline/bidi.py does where HTML cannot)
   * when it could reorder its neighbours: any on a right-to-left page, and
   * text with right-to-left letters on a left-to-right one. */
  var RTL_LETTERS = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
  function isolate(text) {
    text = String(text);
    return text && (T.rtl || RTL_LETTERS.test(text)) ? "\u2068" + text + "\u2069" : text;
  }

  /* The filters in words, with the labels the filter bar shows:
   * "Category: Attack; from 1 Jan 2022; search: “kabul” — 5 of 21 events",
   * or "All 21 events". */
  function filtersSaid(data, state) {
    var f = state.filters;
    var total = data.events.length;
    var parts = [];
    function list(name, values, label) {
      if (values && values.length) {
        // TRANSLATORS: the separator between the items of a list ("Kabul, Herat").
        var items = values.map(function (v) { return isolate(label(v)); }).join(T._(", "));
        parts.push(T._("{name}: {values}", { name: name, values: items }));
      }
    }
    list(T._("Category"), f.category, function (id) {
      var found = data.categories.filter(function (c) { return c.id === id; })[0];
      return found ? found.label : id;
    });
    list(T._("Country"), f.country, function (code) {
      var found = data.countries.filter(function (c) { return c.code === code; })[0];
      return found ? found.name : code;
    });
    list(T._("Perpetrator"), f.perpetrator, function (p) { return p; });
    // A day the reader chose, said as the map's time slider says a day (map-time.js).
    if (f.from) parts.push(T._("from {date}", { date: T.mapTime.sayDate(Date.parse(f.from), "day") }));
    if (f.to) parts.push(T._("to {date}", { date: T.mapTime.sayDate(Date.parse(f.to), "day") }));
    if (f.q) parts.push(T._("search: “{text}”", { text: isolate(f.q) }));
    if (!parts.length && state.count === total) return T.n_("All {n} event", "All {n} events", total);
    // TRANSLATORS: the separator between the filters of a printed page ("Category: Attack; from 1 Jan 2022").
    var filters = parts.join(T._("; "));
    return T._("{filters} — {shown} of {total} events", { filters: filters, shown: T.whole(state.count), total: T.whole(total) });
  }

  /* The box around the placed events the map shows after the filters. */
  function shownBounds(current, data) {
    var box = L.latLngBounds([]);
    current.shown().forEach(function (id) {
      var loc = data.events[data.byId[id]].loc;
      if (loc) box.extend([loc.lat, loc.lon]);
    });
    return box;
  }

  function frameMap(data) {
    var current = T.map && T.map.current;
    if (!current) return;
    var map = current.map;
    var legend = map.getContainer().querySelector(".map-legend");
    if (!saved.map) {
      var popups = [];
      map.eachLayer(function (layer) {
        if (layer instanceof L.Popup) popups.push(layer);
      });
      saved.map = { center: map.getCenter(), zoom: map.getZoom(), legendOpen: legend ? legend.open : null, popups: popups };
      // The card is printed beside the map, not in it; open, it would pan the printed map to itself.
      map.closePopup();
    }
    if (legend) legend.open = true; // the key is printed, open
    map.invalidateSize({ pan: false });
    if (current.frameStep()) return; // a story's step: framed on its view, as on screen
    var box = shownBounds(current, data);
    if (!box.isValid()) box = current.bounds;
    if (!box.isValid()) return;
    var side = (legend ? legend.offsetWidth : 0) + 32; // the legend's side: the right (left, right to left)
    map.fitBounds(box, {
      paddingTopLeft: [T.rtl ? side : 32, 32],
      paddingBottomRight: [T.rtl ? 32 : side, 32],
      maxZoom: 6,
      animate: false
    });
  }

  /* The timeline at the printed width, without its range slider. */
  function fitChart() {
    var node = T.chart && T.chart.current && T.chart.current.node;
    if (!node || !node.layout) return Promise.resolve();
    if (!saved.chart) {
      var slider = node.layout.xaxis.rangeslider;
      saved.chart = { width: node.layout.width, autosize: node.layout.autosize, slider: slider ? slider.visible : undefined };
    }
    return Plotly.relayout(node, { width: Math.floor(node.clientWidth), "xaxis.rangeslider.visible": false });
  }

  /* The selected event's card beside the map, highlighted; when it is taller
   * than the map, its sources (the quotes), and then its summary if need be,
   * go on under the map, full width, in the card's own words still. */
  function placeCard(ev, data) {
    var holder = document.getElementById("print-card");
    var panel = holder.parentNode;
    var more = panel.querySelector(".print-card-more");
    if (more) panel.removeChild(more);
    holder.replaceChildren();
    panel.classList.toggle("with-card", !!ev);
    if (!ev) return;
    var card = T.card(ev, data);
    holder.appendChild(card);
    var room = panel.querySelector(".map-frame").offsetHeight;
    var rest = T.el("div", "event-card");
    [".citations", ".summary"].forEach(function (part) {
      var node = card.querySelector(part);
      if (holder.offsetHeight <= room || !node) return;
      rest.insertBefore(node, rest.firstChild);
    });
    if (!rest.firstChild) return;
    rest.insertBefore(T.el("p", "card-category", T._("Continued: {title}", { title: isolate(ev.title) })), rest.firstChild);
    more = T.el("aside", "print-card print-card-more");
    more.setAttribute("aria-label", T._("The selected event, continued"));
    more.appendChild(rest);
    panel.appendChild(more);
  }

  function before() {
    var data = T.data();
    var state = T.state;
    var root = document.documentElement;
    if (!saved) saved = {};
    root.classList.add("printing");
    document.getElementById("print-filters").textContent = filtersSaid(data, state);
    storySaid(state);
    var i = state.selected ? data.byId[state.selected] : undefined;
    placeCard(i === undefined ? null : data.events[i], data);
    frameMap(data);
    if (T.table) T.table.drawWhole(true); // a big table draws only the rows in view
    root.dataset.printed = "";
    return fitChart().then(function () {
      root.dataset.printed = "true"; // for scripts/print_pdf.py, which then waits for the labels
    });
  }

  /* In a story: its step printed above the map (one page a step:
   * scripts/print_pdf.py --story), the table holding the step's rows only. */
  function storySaid(state) {
    var now = state.step();
    var box = document.getElementById("print-story");
    document.documentElement.classList.toggle("story-print", !!now);
    if (!box) return;
    box.replaceChildren();
    if (!now) return;
    box.appendChild(T.el("p", "print-story-count", T._("Step {n} of {total}", { n: T.whole(now.at + 1), total: T.whole(now.of) })));
    box.appendChild(T.el("h2", "print-story-title", now.step.title)).dir = "auto"; // the table's words
    box.appendChild(T.el("p", "print-story-text", now.step.text)).dir = "auto";
  }

  function after() {
    if (!saved) return;
    var was = saved;
    saved = null;
    var root = document.documentElement;
    root.classList.remove("printing", "story-print");
    delete root.dataset.printed;
    placeCard(null);
    if (T.table) T.table.drawWhole(false);
    var current = T.map && T.map.current;
    if (current && was.map) {
      var legend = current.map.getContainer().querySelector(".map-legend");
      if (legend) legend.open = was.map.legendOpen;
      current.map.invalidateSize({ pan: false });
      current.map.setView(was.map.center, was.map.zoom, { animate: false });
      was.map.popups.forEach(function (popup) { current.map.openPopup(popup); });
    }
    var node = T.chart && T.chart.current && T.chart.current.node;
    if (node && was.chart) {
      Plotly.relayout(node, {
        width: was.chart.width === undefined ? null : was.chart.width,
        autosize: was.chart.autosize === undefined ? null : was.chart.autosize,
        "xaxis.rangeslider.visible": was.chart.slider === undefined ? null : was.chart.slider
      });
    }
  }

  T.print = {
    filtersSaid: filtersSaid,
    storySaid: storySaid,
    before: before,
    after: after,
    /* Follow the browser's print: called by page.js once the views are drawn. */
    listen: function () {
      window.addEventListener("beforeprint", before);
      window.addEventListener("afterprint", after);
    }
  };
})();
