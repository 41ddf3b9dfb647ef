/* The briefing page's events table: one row per event, drawn only for the
 * rows in view, sortable, keyboard navigable, following the filters and the
 * selection (state.js), with each figure in its source's words. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;
  var unknown = T.unknown;

  /* Each event's sort key for a column: a number for date and deaths, a
   * lowercased text for the others. Read from the block's columns: the
   * date sorts by the middle day of the period it covers (days since
   * 1970): "Mar 2024" at 16 March, "1979 – 1989" at mid-1984, where the
   * timeline puts its marker (chart.py's midpoint, the block's chart
   * columns first + middle). */
  var SORTS = {
    date: function (data) {
      var c = data.chart;
      var keys = new Float64Array(c.first.length);
      for (var i = 0; i < keys.length; i++) keys[i] = c.first[i] + c.middle[i];
      return keys;
    },
    deaths: function (data) {
      var killed = data.columns.events.killed.array;
      var lows = data.countRows.map(function (c) { return c.low; });
      var keys = new Float64Array(killed.length);
      for (var i = 0; i < keys.length; i++) keys[i] = killed[i] >= 0 ? +lows[killed[i]] : -1;
      return keys;
    },
    place: function (data) {
      return data.events.map(function (ev) { return (ev.place || (ev.loc && ev.loc.name) || "\uffff").toLowerCase(); });
    },
    title: function (data) {
      return data.columns.events.title.all().map(function (t) { return t.toLowerCase(); });
    }
  };

  /* Event indices in the order of `keys`, reversed with `descending`; equal
   * keys keep the table's own order either way. Whole numbers are sorted as
   * one Float64Array (key and index in one number), which is quick. */
  function sortedBy(keys, descending) {
    var n = keys.length;
    var wide = 1;
    while (wide < n) wide *= 2;
    var fits = keys instanceof Float64Array;
    for (var i = 0; fits && i < n; i++) fits = Number.isInteger(keys[i]) && Math.abs(keys[i]) * wide < 4e15;
    var out = new Int32Array(n);
    if (fits) {
      var packed = new Float64Array(n);
      var sign = descending ? -1 : 1;
      for (i = 0; i < n; i++) packed[i] = sign * keys[i] * wide + i;
      packed.sort();
      for (i = 0; i < n; i++) out[i] = packed[i] - Math.floor(packed[i] / wide) * wide;
      return out;
    }
    var indices = Array.from(keys, function (k, j) { return j; }).sort(function (a, b) {
      var c = keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0;
      return (descending ? -c : c) || a - b;
    });
    out.set(indices);
    return out;
  }

  function sourceLinks(ev, data) {
    var list = el("ul", "source-links");
    var seen = {};
    ev.citations.forEach(function (c) {
      if (seen[c.source]) return;
      seen[c.source] = true;
      var item = el("li");
      var a = el("a", "source-link", T.sourceName(data.sourceById[c.source]));
      a.dir = "auto";
      a.href = "#source-" + encodeURIComponent(c.source);
      a.setAttribute("data-source", c.source);
      a.tabIndex = -1; // Tab walks the rows; → and ← reach a row's links (sourceKeys)
      item.appendChild(a);
      list.appendChild(item);
    });
    return list.children.length ? list : el("span", "unknown", T._("none cited"));
  }

  /* How closely a place is known, beside its name: "(city level)". */
  function level(precision) {
    switch (precision) {
      case "city": return T._("(city level)");
      case "region": return T._("(region level)");
      case "country": return T._("(country level)");
      default: return "(" + precision + ")";
    }
  }

  function placeCell(ev) {
    if (!ev.place && !ev.loc) return unknown();
    var box = el("span");
    box.appendChild(ev.said.place ? el("span", null, ev.said.place) : T.tableText("span", null, ev.place || ev.loc.name));
    if (ev.loc && ev.loc.precision !== "venue") box.appendChild(el("span", "precision", " " + level(ev.loc.precision)));
    if (!ev.loc) box.appendChild(el("span", "precision", " " + T._("(not on the map)")));
    return box;
  }

  /* A field as the table states it (Timeline.said): every source's value,
   * with who said it; unknown where none is. */
  function saidCell(ev, field) {
    var text = T.said(ev, field);
    return text ? el("span", null, text) : unknown();
  }


  /* Go to a source in the list of sources without following the link's
   * "#source-..." (which the URL would take for a new selection and
   * filters): the list item is scrolled to, marked and focused, and the
   * filters and the selection stay as they are. False if it is not there. */
  function showSource(id) {
    var item = document.getElementById("source-" + id);
    if (!item) return false;
    var was = document.querySelector(".sources-list .source.current");
    if (was) was.classList.remove("current");
    item.classList.add("current");
    if (!item.hasAttribute("tabindex")) item.tabIndex = -1;
    item.scrollIntoView({ block: "center" });
    item.focus({ preventScroll: true });
    return true;
  }

  /* A cell, with its column's name for the phone layout, where each row is a
   * card. `own`: a cell led by table text, one line cut short (a big table):
   * it takes the text's direction, so what is cut is the text's end, not its
   * start ("Kabul, Afghan…" on a right-to-left page too). */
  function cell(tr, content, className, label, own) {
    var td = el("td", className);
    if (own) td.dir = "auto";
    if (label) td.setAttribute("data-label", label);
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

  /* The columns: their headers, sort keys and classes (made once the page's words are read). */
  function columns() {
    return [
      [T._("Date"), "date"], [T._("Event"), "title"], [T._("Category")], [T._("Place"), "place"],
      [T._("Killed"), "deaths", "number"], [T._("Injured"), null, "number"], [T._("Perpetrator")], [T._("Sources")]
    ];
  }
  var COLUMNS = null;

  /* The table's view: its elements, its order and what it shows, shared by
   * the functions below (one object, passed explicitly). */
  function renderTable(container, data, state) {
    COLUMNS = COLUMNS || columns();
    var windowed = data.events.length > WHOLE_TABLE;
    var table = el("table", "events-table" + (windowed ? " windowed" : ""));
    table.setAttribute("aria-rowcount", String(data.events.length + 1));
    var t = {
      container: container, data: data, state: state, windowed: windowed, table: table,
      caption: el("caption"), body: el("tbody"), headers: {},
      sort: { key: "date", descending: false },
      sorted: new Int32Array(0), // every event index, in the table's order
      shown: new Int32Array(0), // those that pass the filters
      viewTop: 0, viewHeight: 0, drawn: [-1, -1]
    };
    table.appendChild(t.caption);
    table.appendChild(head(t));
    table.appendChild(t.body);
    container.replaceChildren(table);
    listen(t);
    order(t);
    draw(t, true);
    state.on(function (s, source, changed) { follow(t, source, changed); });
    if (state.selected) follow(t, "start");

    T.table = {
      /* The ids of the events the table shows, in its order (the rows drawn are those in view). */
      shown: function () {
        return Array.from(t.shown, function (i) { return data.events[i].id; });
      },
      /* Every row that passes the filters drawn (print), or again only those in view. */
      drawWhole: function (whole) {
        if (!t.windowed || t.whole === whole) return;
        t.whole = whole;
        draw(t, true);
      }
    };
  }

  /* The header row: a sort button on each sortable column. */
  function head(t) {
    var thead = el("thead");
    var hr = el("tr");
    hr.setAttribute("aria-rowindex", "1");
    hr.setAttribute("data-sort-label", T._("Sort by")); // the phone's row of sort buttons (style.css)
    COLUMNS.forEach(function (column) {
      var th = el("th", column[2]);
      th.scope = "col";
      if (column[1]) {
        var button = el("button", "sort-button", column[0]);
        button.type = "button";
        button.addEventListener("click", function () {
          var key = column[1];
          t.sort = { key: key, descending: t.sort.key === key ? !t.sort.descending : key === "deaths" };
          order(t);
          draw(t, true);
        });
        th.appendChild(button);
        t.headers[column[1]] = th;
      } else {
        th.textContent = column[0];
      }
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    return thead;
  }

  function makeRow(t, i, position) {
    var data = t.data;
    var ev = data.events[i];
    var tr = el("tr");
    tr.id = "event-" + ev.id;
    tr.tabIndex = 0;
    tr.index = i;
    tr.setAttribute("data-event-id", ev.id);
    tr.setAttribute("aria-rowindex", String(position + 2));
    var selected = t.state.selected === ev.id;
    tr.setAttribute("aria-selected", selected ? "true" : "false");
    if (selected) tr.classList.add("selected");
    if (inStep(t, i)) tr.classList.add("in-step");
    cell(tr, T.dateSaid(ev), "date", COLUMNS[0][0]);
    var th = T.tableText("th", "title", ev.title);
    th.scope = "row";
    tr.appendChild(th);
    var category = data.categories[ev.category];
    var cat = el("span");
    cat.appendChild(T.swatch(category.color));
    cat.appendChild(T.bdi(category.label));
    cell(tr, cat, "category", COLUMNS[2][0], t.windowed);
    cell(tr, placeCell(ev), "place", COLUMNS[3][0], t.windowed);
    cell(tr, saidCell(ev, "killed"), "number killed", COLUMNS[4][0], t.windowed);
    cell(tr, saidCell(ev, "injured"), "number injured", COLUMNS[5][0], t.windowed);
    cell(tr, saidCell(ev, "perpetrator"), "perpetrator", COLUMNS[6][0], t.windowed);
    cell(tr, sourceLinks(ev, data), "sources", COLUMNS[7][0], t.windowed);
    return tr;
  }

  function spacer(height) {
    var tr = el("tr", "spacer");
    tr.setAttribute("aria-hidden", "true");
    var td = el("td");
    td.colSpan = COLUMNS.length;
    tr.style.height = height + "px";
    tr.appendChild(td);
    return tr;
  }

  function order(t) {
    var sort = t.sort;
    t.sorted = sortedBy(SORTS[sort.key](t.data), sort.descending);
    Object.keys(t.headers).forEach(function (k) {
      t.headers[k].setAttribute("aria-sort", k === sort.key ? (sort.descending ? "descending" : "ascending") : "none");
    });
    refilter(t);
  }

  function refilter(t) {
    var visible = t.state.visible;
    var sorted = t.sorted;
    var kept = new Int32Array(sorted.length);
    var n = 0;
    for (var p = 0; p < sorted.length; p++) if (visible[sorted[p]]) kept[n++] = sorted[p];
    t.shown = kept.subarray(0, n);
    t.table.setAttribute("aria-rowcount", String(n + 1));
    var hint = " " + T._("Enter or click selects an event on the map and the timeline; {key} reaches a row's sources.", { key: T.rtl ? "←" : "→" });
    if (t.windowed) hint += " " + T._("Arrow keys move through every row.");
    t.caption.replaceChildren(describe(t), el("span", "hint", hint));
  }

  /* Is event i one of the story's step now (story.js)? */
  function inStep(t, i) {
    var now = t.state.step();
    return !!now && now.events.indexOf(i) >= 0;
  }

  /* Mark the selected event's row and those of the story's step, if they
   * are drawn, and unmark those before. */
  function markSelected(t) {
    var id = t.state.selected;
    for (var r = t.body.firstChild; r; r = r.nextSibling) {
      if (r.index === undefined) continue;
      r.classList.toggle("in-step", inStep(t, r.index));
      var on = t.data.events[r.index].id === id;
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
  function measure(t) {
    var container = t.container;
    t.viewTop = container.scrollTop;
    var max = parseFloat(window.getComputedStyle(container).maxHeight);
    t.viewHeight = Math.max(container.clientHeight, isFinite(max) ? max : 0);
    // A big table is wider than its box: its caption, kept at the box's left
    // edge (style.css), wraps at the box's width rather than being cut.
    if (t.windowed) t.caption.style.maxWidth = container.clientWidth + "px";
  }

  /* Draw the rows in view (all of them for a small table). */
  function draw(t, force) {
    var shown = t.shown;
    var first = 0;
    var last = shown.length;
    if (t.windowed && !t.whole) {
      if (!t.viewHeight) measure(t);
      first = Math.max(0, Math.floor(t.viewTop / ROW_HEIGHT) - OVERSCAN);
      last = Math.min(shown.length, first + Math.ceil(t.viewHeight / ROW_HEIGHT) + 2 * OVERSCAN);
    }
    if (!force && t.drawn[0] === first && t.drawn[1] === last) return;
    t.drawn = [first, last];
    var body = t.body;
    var focused = document.activeElement && document.activeElement.parentNode === body ? document.activeElement.index : null;
    var rows = [];
    if (first > 0) rows.push(spacer(first * ROW_HEIGHT));
    for (var p = first; p < last; p++) rows.push(makeRow(t, shown[p], p));
    if (t.windowed && last < shown.length) rows.push(spacer((shown.length - last) * ROW_HEIGHT));
    body.replaceChildren.apply(body, rows);
    if (focused !== null) {
      var again = rowOf(t, focused);
      if (again) again.focus({ preventScroll: true });
    }
  }

  function rowOf(t, index) {
    for (var r = t.body.firstChild; r; r = r.nextSibling) if (r.index === index) return r;
    return null;
  }

  /* Scroll the table's own box (not the page) so event `index` is in view. */
  function bringIntoView(t, index) {
    var position = t.shown.indexOf(index);
    if (position < 0) return null;
    if (t.windowed) {
      var top = position * ROW_HEIGHT;
      if (top < t.viewTop || top + ROW_HEIGHT > t.viewTop + t.viewHeight) {
        t.viewTop = Math.max(0, Math.round(top - t.viewHeight / 3));
        t.container.scrollTop = t.viewTop;
      }
      draw(t);
    } else {
      var row = rowOf(t, index);
      if (row) t.container.scrollTop = row.offsetTop - t.container.clientHeight / 3;
    }
    return rowOf(t, index);
  }

  /* A row's source links by keyboard: → from the row or a link goes to
   * the next link, ← to the one before or back to the row; Enter on a
   * link follows it (the click in listen). True when the key was theirs. */
  function sourceKeys(e, tr) {
    var links = Array.prototype.slice.call(tr.querySelectorAll("a.source-link"));
    var at = links.indexOf(e.target);
    // Onward is the way the page reads: → left to right, ← right to left.
    var onward = T.rtl ? "ArrowLeft" : "ArrowRight", back = T.rtl ? "ArrowRight" : "ArrowLeft";
    if (e.key === onward && at + 1 < links.length) links[at + 1].focus();
    else if (e.key === back && at >= 0) (at > 0 ? links[at - 1] : tr).focus();
    else return at >= 0 && (e.key === "Enter" || e.key === " ");
    e.preventDefault();
    return true;
  }

  /* How the table is sorted: "sorted by date (descending)". */
  function sortWords(key, descending) {
    switch (key + (descending ? " descending" : "")) {
      case "date": return T._("sorted by date");
      case "date descending": return T._("sorted by date (descending)");
      case "title": return T._("sorted by event");
      case "title descending": return T._("sorted by event (descending)");
      case "place": return T._("sorted by place");
      case "place descending": return T._("sorted by place (descending)");
      case "deaths": return T._("sorted by deaths");
      default: return T._("sorted by deaths (descending)");
    }
  }

  /* What the table shows; the hint (how to use it) apart, since print leaves it out. */
  function describe(t) {
    var total = t.data.events.length;
    var count = T.n_("{shown} of {total} event", "{shown} of {total} events", total, { shown: T.whole(t.state.count), total: T.whole(total) });
    return T._("{count}, {sorted}. Blank figures are unknown, not zero.", { count: count, sorted: sortWords(t.sort.key, t.sort.descending) });
  }

  /* Scrolling, resizing, clicks (a row selects its event; a source link goes
   * to the source) and keys (Enter or Space selects; arrows move). */
  function listen(t) {
    var data = t.data, state = t.state;
    t.container.addEventListener("scroll", function () {
      t.viewTop = t.container.scrollTop;
      draw(t);
    });
    window.addEventListener("resize", function () {
      measure(t);
      draw(t);
    });
    t.body.addEventListener("click", function (e) {
      var link = e.target.closest("a.source-link");
      if (link) {
        if (!e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey && e.button === 0 && showSource(link.getAttribute("data-source"))) {
          e.preventDefault();
        }
        return;
      }
      var tr = e.target.closest("tr");
      if (tr && tr.index !== undefined && !e.target.closest("a")) state.select(data.events[tr.index].id, "table");
    });
    t.body.addEventListener("keydown", function (e) {
      var tr = e.target.closest("tr");
      if (!tr || tr.index === undefined || sourceKeys(e, tr)) return;
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        state.select(data.events[tr.index].id, "table");
      } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        var next = t.shown[t.shown.indexOf(tr.index) + (e.key === "ArrowDown" ? 1 : -1)];
        if (next === undefined) return;
        var row = bringIntoView(t, next);
        if (row) row.focus({ preventScroll: true });
      }
    });
  }

  function follow(t, source, changed) {
    if (!changed || changed.filters) {
      refilter(t);
      draw(t, true);
    }
    if (!changed || changed.selection) {
      markSelected(t);
      var now = t.state.step();
      var index = t.state.selected ? t.data.byId[t.state.selected] : now && now.events.length ? now.events[0] : undefined;
      if (index !== undefined && source !== "table") bringIntoView(t, index);
    }
  }

  T.eventsTable = { render: renderTable };
})();
