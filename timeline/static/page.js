/* Page start-up: the timeline chart, the events table and the list of sources,
 * each drawn if the page has a place for it. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;

  function byDate(data) {
    return data.events.slice().sort(function (a, b) {
      if (a.date.start !== b.date.start) return a.date.start < b.date.start ? -1 : 1;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
  }

  function cell(tr, content, className) {
    var td = el("td", className);
    if (typeof content === "string") td.textContent = content;
    else if (content) td.appendChild(content);
    tr.appendChild(td);
    return td;
  }

  function unknown() {
    return el("span", "unknown", "unknown");
  }

  function sourceLinks(ev, data) {
    var list = el("ul", "source-links");
    var seen = {};
    ev.citations.forEach(function (c) {
      if (seen[c.source]) return;
      seen[c.source] = true;
      var item = el("li");
      var a = el("a", null, T.sourceName(data.sourceById[c.source]));
      a.href = "#source-" + encodeURIComponent(c.source);
      item.appendChild(a);
      list.appendChild(item);
    });
    return list.children.length ? list : el("span", "unknown", "none cited");
  }

  function placeCell(ev, data) {
    if (!ev.place && !ev.loc) return unknown();
    var box = el("span");
    box.appendChild(el("span", null, ev.place || ev.loc.name));
    if (ev.loc && ev.loc.precision !== "venue") box.appendChild(el("span", "precision", " (" + ev.loc.precision + " level)"));
    if (!ev.loc) box.appendChild(el("span", "precision", " (not on the map)"));
    return box;
  }

  function renderTable(container, data) {
    var table = el("table", "events-table");
    table.appendChild(el("caption", null, data.events.length + " events, oldest first. Blank figures are unknown, not zero."));
    var head = el("thead");
    var hr = el("tr");
    ["Date", "Event", "Category", "Place", "Killed", "Injured", "Perpetrator", "Sources"].forEach(function (name) {
      var th = el("th", null, name);
      th.scope = "col";
      hr.appendChild(th);
    });
    head.appendChild(hr);
    table.appendChild(head);
    var body = el("tbody");
    byDate(data).forEach(function (ev) {
      var tr = el("tr");
      tr.id = "event-" + ev.id;
      tr.setAttribute("data-event-id", ev.id);
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
      cell(tr, placeCell(ev, data));
      cell(tr, ev.killed ? ev.killed.label : unknown(), "number");
      cell(tr, ev.injured ? ev.injured.label : unknown(), "number");
      cell(tr, ev.perpetrator || unknown());
      cell(tr, sourceLinks(ev, data));
      body.appendChild(tr);
    });
    table.appendChild(body);
    container.replaceChildren(table);
  }

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

  T.page = {
    init: function () {
      var data = T.data();
      var chart = document.getElementById("timeline-chart");
      if (chart && T.chart) {
        T.chart.init("timeline-chart", JSON.parse(document.getElementById("timeline-figure").textContent), data);
      }
      var table = document.getElementById("events-table");
      if (table) renderTable(table, data);
      var sources = document.getElementById("sources-list");
      if (sources) renderSources(sources, data);
    }
  };
})();
