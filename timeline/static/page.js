/* Page start-up and the briefing page's own parts: the filter bar, the events
 * table (sortable, keyboard navigable, linked to the selection) and the list
 * of sources. Each part is drawn only if the page has a place for it. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;

  function unknown() {
    return el("span", "unknown", "unknown");
  }

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
        var swatch = el("span", "swatch");
        swatch.style.background = option.color;
        label.appendChild(swatch);
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
    state.on(sync);
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
    box.appendChild(el("span", null, ev.place || ev.loc.name));
    if (ev.loc && ev.loc.precision !== "venue") box.appendChild(el("span", "precision", " (" + ev.loc.precision + " level)"));
    if (!ev.loc) box.appendChild(el("span", "precision", " (not on the map)"));
    return box;
  }

  function killedCell(ev) {
    if (!ev.killed) return unknown();
    var box = el("span", null, ev.killed.label);
    if (ev.killed_reported) box.appendChild(el("span", "precision", " (sources: " + ev.killed_reported.label + ")"));
    return box;
  }

  function cell(tr, content, className) {
    var td = el("td", className);
    if (typeof content === "string") td.textContent = content;
    else if (content) td.appendChild(content);
    tr.appendChild(td);
  }

  function renderTable(container, data, state) {
    var table = el("table", "events-table");
    var caption = el("caption");
    table.appendChild(caption);
    var head = el("thead");
    var hr = el("tr");
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
    var rows = data.events.map(function (ev, i) {
      var tr = el("tr");
      tr.id = "event-" + ev.id;
      tr.tabIndex = 0;
      tr.setAttribute("data-event-id", ev.id);
      tr.setAttribute("aria-selected", "false");
      cell(tr, T.dateLabel(ev), "date");
      var th = el("th", "title", ev.title);
      th.scope = "row";
      tr.appendChild(th);
      var category = data.categories[ev.category];
      var cat = el("span");
      var swatch = el("span", "swatch");
      swatch.style.background = category.color;
      cat.appendChild(swatch);
      cat.appendChild(document.createTextNode(category.label));
      cell(tr, cat);
      cell(tr, placeCell(ev));
      cell(tr, killedCell(ev), "number");
      cell(tr, ev.injured ? ev.injured.label : unknown(), "number");
      cell(tr, ev.perpetrator || unknown());
      cell(tr, sourceLinks(ev, data));
      tr.index = i;
      return tr;
    });

    function order() {
      var key = SORTS[sort.key];
      var sorted = rows.slice().sort(function (a, b) {
        var x = key(data.events[a.index]);
        var y = key(data.events[b.index]);
        var c = x < y ? -1 : x > y ? 1 : a.index - b.index;
        return sort.descending ? -c : c;
      });
      sorted.forEach(function (tr) { body.appendChild(tr); });
      Object.keys(headers).forEach(function (k) {
        headers[k].setAttribute("aria-sort", k === sort.key ? (sort.descending ? "descending" : "ascending") : "none");
      });
      caption.textContent = describe();
    }

    function describe() {
      var by = { date: "date", title: "event", place: "place", deaths: "deaths" }[sort.key];
      return state.count + " of " + data.events.length + " events, sorted by " + by + (sort.descending ? " (descending)" : "") +
        ". Blank figures are unknown, not zero. Enter or click selects an event on the map and the timeline.";
    }

    function visibleRows() {
      return Array.prototype.filter.call(body.children, function (tr) { return !tr.hidden; });
    }

    body.addEventListener("click", function (e) {
      var tr = e.target.closest("tr");
      if (tr && !e.target.closest("a")) state.select(tr.getAttribute("data-event-id"), "table");
    });
    body.addEventListener("keydown", function (e) {
      var tr = e.target.closest("tr");
      if (!tr) return;
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        state.select(tr.getAttribute("data-event-id"), "table");
      } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        var visible = visibleRows();
        var next = visible[visible.indexOf(tr) + (e.key === "ArrowDown" ? 1 : -1)];
        if (next) next.focus();
      }
    });

    body.append.apply(body, rows);
    table.appendChild(body);
    container.replaceChildren(table);
    order();

    var marked = null;
    function follow(s, source) {
      rows.forEach(function (tr) { tr.hidden = !state.visible[tr.index]; });
      caption.textContent = describe();
      if (marked) {
        marked.classList.remove("selected");
        marked.setAttribute("aria-selected", "false");
        marked = null;
      }
      var index = state.selected ? data.byId[state.selected] : undefined;
      if (index === undefined) return;
      marked = rows[index];
      marked.classList.add("selected");
      marked.setAttribute("aria-selected", "true");
      if (source !== "table" && !marked.hidden) {
        // Scroll the table's own box, not the page: the reader stays where they clicked.
        container.scrollTop = marked.offsetTop - container.clientHeight / 3;
      }
    }
    state.on(follow);
    follow(state, "start");
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
      var data = T.data();
      var state = T.state;
      state.start();
      var filters = document.getElementById("filters");
      if (filters) renderFilters(filters, data, state);
      var table = document.getElementById("events-table");
      if (table) renderTable(table, data, state);
      var sources = document.getElementById("sources-list");
      if (sources) renderSources(sources, data);
      var chart = document.getElementById("timeline-chart");
      if (chart && T.chart) {
        return T.chart.init("timeline-chart", JSON.parse(document.getElementById("timeline-figure").textContent), data);
      }
      return Promise.resolve();
    }
  };
})();
