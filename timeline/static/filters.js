/* The briefing page's filter bar: category, country and perpetrator
 * check-lists, the date range, the search, the count and "Clear filters",
 * all reading and setting the shared filters (state.js). */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;

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
      label.appendChild(option.table ? T.bdi(option.label) : document.createTextNode(option.label));
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
      summary.textContent = legendText + (chosen ? " (" + T.whole(chosen.length) + ")" : "");
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

  /* An open drop-down closes on Escape, focus going back to its summary (the
   * button that opened it), and on a click or a tap anywhere outside it,
   * focus going wherever that click takes it; opening one closes the others. */
  function closeOnEscapeOrOutside(form) {
    function open() {
      return Array.prototype.slice.call(form.querySelectorAll("details.filter-list[open]"));
    }
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      open().forEach(function (box) {
        var inside = box.contains(document.activeElement);
        box.open = false;
        if (inside) box.querySelector("summary").focus();
        e.preventDefault();
      });
    });
    // Captured, so a view that keeps its clicks to itself (the map, the chart) still closes it.
    document.addEventListener("pointerdown", function (e) {
      open().forEach(function (box) {
        if (!box.contains(e.target)) box.open = false;
      });
    }, true);
    form.addEventListener("focusout", function (e) {
      // Tab out of a drop-down (not a click inside it) closes it too.
      open().forEach(function (box) {
        if (e.relatedTarget && !box.contains(e.relatedTarget)) box.open = false;
      });
    });
  }

  function renderFilters(container, data, state) {
    var form = el("form", "filter-bar");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", T._("Filter the events"));
    form.addEventListener("submit", function (e) { e.preventDefault(); });

    var search = el("input", "filter-search");
    search.type = "search";
    search.placeholder = T._("Search title, summary, place");
    search.setAttribute("aria-label", T._("Search title, summary and place"));
    search.dir = "auto"; // what the reader types, in whichever script
    var typing = null;
    search.addEventListener("input", function () {
      window.clearTimeout(typing);
      typing = window.setTimeout(function () {
        state.setFilters({ q: search.value.trim() }, "filters");
      }, 150);
    });

    var parts = [
      checklist(T._("Category"), data.categories.map(function (c) { return { value: c.id, label: c.label, color: c.color, table: true }; }), "category", state),
      checklist(T._("Country"), data.countries.map(function (c) { return { value: c.code, label: c.name }; }), "country", state),
      checklist(T._("Perpetrator"), data.perpetrators.map(function (p) { return { value: p, label: p, table: true }; }), "perpetrator", state),
      dateInput(T._("From"), "from", state),
      dateInput(T._("To"), "to", state)
    ];
    var count = el("p", "filter-count");
    count.setAttribute("aria-live", "polite");
    var clear = el("button", "filter-clear", T._("Clear filters"));
    clear.type = "button";
    clear.addEventListener("click", function () {
      search.value = "";
      state.clearFilters("filters");
    });

    closeOnEscapeOrOutside(form);

    form.appendChild(search);
    parts.forEach(function (p) { form.appendChild(p); });
    form.appendChild(clear);
    form.appendChild(count);
    container.replaceChildren(form);

    function sync() {
      if (document.activeElement !== search) search.value = state.filters.q || "";
      parts.forEach(function (p) { p.sync(); });
      var total = data.events.length;
      count.textContent = T.n_("{shown} of {total} event", "{shown} of {total} events", total, {
        shown: T.whole(state.count),
        total: T.whole(total)
      });
      clear.disabled = !state.isFiltered();
    }
    state.on(function (s, source, changed) {
      if (!changed || changed.filters) sync();
    });
    sync();
  }

  T.filterBar = { render: renderFilters };
})();
