/* Page start-up and the briefing page's own parts: the filter bar, the events
 * table (sortable, keyboard navigable, linked to the selection) and the list
 * of sources. Each part is drawn only if the page has a place for it. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;

  var unknown = T.unknown;

  /* ---- the filter bar ---------------------------------------------------- */

  function checklist(legendText, options, key, state) {
    /* A <details> drop-down of checkboxes; none ticked means no filter. */
    var box = el("details", "filter-list");
    var summary = el("summary", null, legendText);
    box.appendChild(summary);
    var list = el("div", "filter-options");
    options.forEach(function (option) {
      var label = el("label", "filter-option");
      var input = el("input");
      input.type = "checkbox";
      input.value = option.value;
      label.appendChild(input);
      if (option.color) {
        label.appendChild(T.swatch(option.color));
      }
      label.appendChild(document.createTextNode(option.label));
      list.appendChild(label);
    });
    box.appendChild(list);
    list.addEventListener("change", function () {
      var on = Array.prototype.filter.call(list.querySelectorAll("input"), function (i) { return i.checked; })
        .map(function (i) { return i.value; });
      var change = {};
      change[key] = on.length ? on : null;
      state.setFilters(change, "filters");
    });
    box.sync = function () {
      var chosen = state.filters[key];
      list.querySelectorAll("input").forEach(function (input) {
        input.checked = !!chosen && chosen.indexOf(input.value) >= 0;
      });
      summary.textContent = legendText + (chosen ? " (" + chosen.length + ")" : "");
    };
    return box;
  }

  function dateInput(labelText, key, state) {
    var label = el("label", "filter-date");
    label.appendChild(el("span", null, labelText));
    var input = el("input");
    input.type = "date";
    input.addEventListener("change", function () {
      var change = {};
      change[key] = input.value || null;
      state.setFilters(change, "filters");
    });
    label.appendChild(input);
    label.sync = function () {
      input.value = state.filters[key] || "";
    };
    return label;
  }

  function renderFilters(container, data, state) {
    var form = el("form", "filter-bar");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the events");
    form.addEventListener("submit", function (e) { e.preventDefault(); });

    var search = el("input", "filter-search");
    search.type = "search";
    search.placeholder = "Search title, summary, place";
    search.setAttribute("aria-label", "Search title, summary and place");
    var typing = null;
    search.addEventListener("input", function () {
      window.clearTimeout(typing);
      typing = window.setTimeout(function () {
        state.setFilters({ q: search.value.trim() }, "filters");
      }, 150);
    });

    var parts = [
      checklist("Category", data.categories.map(function (c) { return { value: c.id, label: c.label, color: c.color }; }), "category", state),
      checklist("Country", data.countries.map(function (c) { return { value: c.code, label: c.name }; }), "country", state),
      checklist("Perpetrator", data.perpetrators.map(function (p) { return { value: p, label: p }; }), "perpetrator", state),
      dateInput("From", "from", state),
      dateInput("To", "to", state)
    ];
    var count = el("p", "filter-count");
    count.setAttribute("aria-live", "polite");
    var clear = el("button", "filter-clear", "Clear filters");
    clear.type = "button";
    clear.addEventListener("click", function () {
      search.value = "";
      state.clearFilters("filters");
    });

    form.appendChild(search);
    parts.forEach(function (p) { form.appendChild(p); });
    form.appendChild(clear);
    form.appendChild(count);
    container.replaceChildren(form);

    function sync() {
      if (document.activeElement !== search) search.value = state.filters.q || "";
      parts.forEach(function (p) { p.sync(); });
      count.textContent = state.count + " of " + data.events.length + " events";
      clear.disabled = !state.isFiltered();
    }
    state.on(function (s, source, changed) {
      if (!changed || changed.filters) sync();
    });
    sync();
  }

  /* ---- the events table -------------------------------------------------- */

  var SORTS = {
    date: function (ev) { return ev.date.start + (ev.end_date ? ev.end_date.end : ""); },
    deaths: function (ev) { return ev.killed ? ev.killed.low : -1; },
    place: function (ev) { return (ev.place || (ev.loc && ev.loc.name) || "\uffff").toLowerCase(); },
    title: function (ev) { return ev.title.toLowerCase(); }
  };

  function sourceLinks(ev, data) {
    var list = el("ul", "source-links");
    var seen = {};
    ev.citations.forEach(function (c) {
      if (seen[c.source]) return;
      seen[c.source] = true;
      var item = el("li");
      var a = el("a", null, T.sourceName(data.sourceById[c.source]));
      a.href = "#source-" + encodeURIComponent(c.source);
      a.tabIndex = -1;
      item.appendChild(a);
      list.appendChild(item);
    });
    return list.children.length ? list : el("span", "unknown", "none cited");
  }

  function placeCell(ev) {
    if (!ev.place && !ev.loc) return unknown();
    var box = el("span");
    box.appendChild(el("span", null, ev.said.place || ev.place || ev.loc.name));
    if (ev.loc && ev.loc.precision !== "venue") box.appendChild(el("span", "precision", " (" + ev.loc.precision + " level)"));
    if (!ev.loc) box.appendChild(el("span", "precision", " (not on the map)"));
    return box;
  }

  /* A field as the table states it (Timeline.said): every source's value,
   * with who said it; unknown where none is. */
  function saidCell(ev, field) {
    var text = T.said(ev, field);
    return text ? el("span", null, text) : unknown();
  }


  function cell(tr, content, className) {
    var td = el("td", className);
    if (typeof content === "string") td.textContent = content;
    else if (content) td.appendChild(content);
    tr.appendChild(td);
  }

  /* Up to this many rows the table is drawn whole (rows wrap, print shows all);
   * above it only the rows in view are drawn, at a fixed height, as the box
   * scrolls. The row model is typed arrays of event indices (every event in
   * the table's order, and those shown), so a change of filters is a pass
   * over them and a redraw of the rows in view, and a selection marks two
   * rows and scrolls: the DOM work is the rows on screen, whatever the size. */
  var WHOLE_TABLE = 600;
  var ROW_HEIGHT = 34;
  var OVERSCAN = 10;

  function renderTable(container, data, state) {
    var windowed = data.events.length > WHOLE_TABLE;
    var table = el("table", "events-table" + (windowed ? " windowed" : ""));
    table.setAttribute("aria-rowcount", String(data.events.length + 1));
    var caption = el("caption");
    table.appendChild(caption);
    var head = el("thead");
    var hr = el("tr");
    hr.setAttribute("aria-rowindex", "1");
    var columns = [
      ["Date", "date"], ["Event", "title"], ["Category"], ["Place", "place"], ["Killed", "deaths"],
      ["Injured"], ["Perpetrator"], ["Sources"]
    ];
    var sort = { key: "date", descending: false };
    var headers = {};
    columns.forEach(function (column) {
      var th = el("th");
      th.scope = "col";
      if (column[1]) {
        var button = el("button", "sort-button", column[0]);
        button.type = "button";
        button.addEventListener("click", function () {
          sort = { key: column[1], descending: sort.key === column[1] ? !sort.descending : column[1] === "deaths" };
          order();
          draw(true);
        });
        th.appendChild(button);
        headers[column[1]] = th;
      } else {
        th.textContent = column[0];
      }
      hr.appendChild(th);
    });
    head.appendChild(hr);
    table.appendChild(head);
    var body = el("tbody");
    table.appendChild(body);
    container.replaceChildren(table);

    function makeRow(i, position) {
      var ev = data.events[i];
      var tr = el("tr");
      tr.id = "event-" + ev.id;
      tr.tabIndex = 0;
      tr.index = i;
      tr.setAttribute("data-event-id", ev.id);
      tr.setAttribute("aria-rowindex", String(position + 2));
      var selected = state.selected === ev.id;
      tr.setAttribute("aria-selected", selected ? "true" : "false");
      if (selected) tr.classList.add("selected");
      cell(tr, T.dateSaid(ev), "date");
      var th = el("th", "title", ev.title);
      th.scope = "row";
      tr.appendChild(th);
      var category = data.categories[ev.category];
      var cat = el("span");
      cat.appendChild(T.swatch(category.color));
      cat.appendChild(document.createTextNode(category.label));
      cell(tr, cat);
      cell(tr, placeCell(ev));
      cell(tr, saidCell(ev, "killed"), "number");
      cell(tr, saidCell(ev, "injured"), "number");
      cell(tr, saidCell(ev, "perpetrator"));
      cell(tr, sourceLinks(ev, data));
      return tr;
    }

    function spacer(height) {
      var tr = el("tr", "spacer");
      tr.setAttribute("aria-hidden", "true");
      var td = el("td");
      td.colSpan = columns.length;
      tr.style.height = height + "px";
      tr.appendChild(td);
      return tr;
    }

    var sorted = new Int32Array(0); // every event index, in the table's order
    var shown = new Int32Array(0); // those that pass the filters
    function order() {
      var key = SORTS[sort.key];
      var keys = data.events.map(key);
      var indices = data.events.map(function (ev, i) { return i; }).sort(function (a, b) {
        var c = keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b;
        return sort.descending ? -c : c;
      });
      sorted = Int32Array.from(indices);
      Object.keys(headers).forEach(function (k) {
        headers[k].setAttribute("aria-sort", k === sort.key ? (sort.descending ? "descending" : "ascending") : "none");
      });
      refilter();
    }

    function refilter() {
      var visible = state.visible;
      var kept = new Int32Array(sorted.length);
      var n = 0;
      for (var p = 0; p < sorted.length; p++) if (visible[sorted[p]]) kept[n++] = sorted[p];
      shown = kept.subarray(0, n);
      table.setAttribute("aria-rowcount", String(n + 1));
      caption.textContent = describe();
    }

    /* Mark the selected event's row, if it is drawn, and unmark the one before. */
    function markSelected() {
      var id = state.selected;
      for (var r = body.firstChild; r; r = r.nextSibling) {
        if (r.index === undefined) continue;
        var on = data.events[r.index].id === id;
        if (on === r.classList.contains("selected")) continue;
        r.classList.toggle("selected", on);
        r.setAttribute("aria-selected", on ? "true" : "false");
      }
    }

    /* Where the box is scrolled to and how tall it can be, as last seen: read
     * at the start and in the scroll and resize events, not while drawing, so
     * following a change never makes the browser lay out the page in the
     * middle of it. The box grows with its rows up to its max-height: rows
     * are drawn for that height, whatever it is now. */
    var viewTop = 0;
    var viewHeight = 0;
    function measure() {
      viewTop = container.scrollTop;
      var max = parseFloat(window.getComputedStyle(container).maxHeight);
      viewHeight = Math.max(container.clientHeight, isFinite(max) ? max : 0);
    }

    /* Draw the rows in view (all of them for a small table). */
    var drawn = [-1, -1];
    function draw(force) {
      var first = 0;
      var last = shown.length;
      if (windowed) {
        if (!viewHeight) measure();
        first = Math.max(0, Math.floor(viewTop / ROW_HEIGHT) - OVERSCAN);
        last = Math.min(shown.length, first + Math.ceil(viewHeight / ROW_HEIGHT) + 2 * OVERSCAN);
      }
      if (!force && drawn[0] === first && drawn[1] === last) return;
      drawn = [first, last];
      var focused = document.activeElement && document.activeElement.parentNode === body ? document.activeElement.index : null;
      var rows = [];
      if (first > 0) rows.push(spacer(first * ROW_HEIGHT));
      for (var p = first; p < last; p++) rows.push(makeRow(shown[p], p));
      if (windowed && last < shown.length) rows.push(spacer((shown.length - last) * ROW_HEIGHT));
      body.replaceChildren.apply(body, rows);
      if (focused !== null) {
        var again = rowOf(focused);
        if (again) again.focus({ preventScroll: true });
      }
    }

    function rowOf(index) {
      for (var r = body.firstChild; r; r = r.nextSibling) if (r.index === index) return r;
      return null;
    }

    /* Scroll the table's own box (not the page) so event `index` is in view. */
    function bringIntoView(index) {
      var position = shown.indexOf(index);
      if (position < 0) return null;
      if (windowed) {
        var top = position * ROW_HEIGHT;
        if (top < viewTop || top + ROW_HEIGHT > viewTop + viewHeight) {
          viewTop = Math.max(0, Math.round(top - viewHeight / 3));
          container.scrollTop = viewTop;
        }
        draw();
      } else {
        var row = rowOf(index);
        if (row) container.scrollTop = row.offsetTop - container.clientHeight / 3;
      }
      return rowOf(index);
    }

    function describe() {
      var by = { date: "date", title: "event", place: "place", deaths: "deaths" }[sort.key];
      return state.count + " of " + data.events.length + " events, sorted by " + by + (sort.descending ? " (descending)" : "") +
        ". Blank figures are unknown, not zero. Enter or click selects an event on the map and the timeline." +
        (windowed ? " Arrow keys move through every row." : "");
    }

    container.addEventListener("scroll", function () {
      viewTop = container.scrollTop;
      draw();
    });
    window.addEventListener("resize", function () {
      measure();
      draw();
    });
    body.addEventListener("click", function (e) {
      var tr = e.target.closest("tr");
      if (tr && tr.index !== undefined && !e.target.closest("a")) state.select(data.events[tr.index].id, "table");
    });
    body.addEventListener("keydown", function (e) {
      var tr = e.target.closest("tr");
      if (!tr || tr.index === undefined) return;
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        state.select(data.events[tr.index].id, "table");
      } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        var next = shown[shown.indexOf(tr.index) + (e.key === "ArrowDown" ? 1 : -1)];
        if (next === undefined) return;
        var row = bringIntoView(next);
        if (row) row.focus({ preventScroll: true });
      }
    });

    order();
    draw(true);

    function follow(s, source, changed) {
      if (!changed || changed.filters) {
        refilter();
        draw(true);
      }
      if (!changed || changed.selection) {
        markSelected();
        var index = state.selected ? data.byId[state.selected] : undefined;
        if (index !== undefined && source !== "table") bringIntoView(index);
      }
    }
    state.on(follow);
    if (state.selected) follow(state, "start");

    T.table = {
      /* The ids of the events the table shows, in its order (the rows drawn are those in view). */
      shown: function () {
        return Array.from(shown, function (i) { return data.events[i].id; });
      }
    };
  }

  /* ---- the sources ------------------------------------------------------- */

  function renderSources(list, data) {
    list.replaceChildren();
    var counts = {};
    data.events.forEach(function (ev) {
      ev.citations.forEach(function (c) {
        counts[c.source] = (counts[c.source] || 0) + 1;
      });
    });
    data.sources.forEach(function (s) {
      var item = el("li", "source");
      item.id = "source-" + s.id;
      item.appendChild(T.link(s.title, s.url));
      var details = [s.publisher, s.author, s.published].filter(Boolean).join(" · ");
      if (details) item.appendChild(el("span", "source-details", " — " + details));
      var kind = s.kind === "document" ? "Stored copy: " + s.document + "; quotes are checked against it." : "Reference: no stored copy.";
      item.appendChild(el("p", "source-kind", kind + " Cited " + (counts[s.id] || 0) + " times."));
      if (s.note) item.appendChild(el("p", "note", s.note));
      list.appendChild(item);
    });
  }

  /* Printing lays the page out at the paper's width: redraw the map and the chart to fit it. */
  function fitForPrint() {
    if (T.map && T.map.current) T.map.current.map.invalidateSize(false);
    if (T.chart && T.chart.current) Plotly.Plots.resize(T.chart.current.node);
  }

  T.page = {
    init: function () {
      window.addEventListener("beforeprint", fitForPrint);
      window.addEventListener("afterprint", fitForPrint);
      return T.load().then(start);
    }
  };

  /* Draw every view of the page from the data. */
  function start(data) {
    var state = T.state;
    state.start();
    var filters = document.getElementById("filters");
    if (filters) renderFilters(filters, data, state);
    // The chart first: plotly measures text, which is slow once a big table is in the page.
    var chart = document.getElementById("timeline-chart");
    var drawn = Promise.resolve();
    if (chart && T.chart) {
      drawn = T.chart.init("timeline-chart", JSON.parse(document.getElementById("timeline-figure").textContent), data);
      drawn.then(function () { T.mark("timeline drawn"); });
    }
    var table = document.getElementById("events-table");
    if (table) {
      renderTable(table, data, state);
      T.mark("table drawn");
    }
    var sources = document.getElementById("sources-list");
    if (sources) renderSources(sources, data);
    return drawn.then(function (result) {
      if (filters) state.prepareSearch();
      return result;
    });
  }
})();
