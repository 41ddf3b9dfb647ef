/* Out of the page (index.html only): "Download" writes the events the
 * filters and the search show as a CSV file, made here from the data block
 * (a Blob and an <a download>: nothing is fetched or sent); "Copy link" puts
 * the page's address with its state (state.js hashFor) on the clipboard.
 *
 * The file has the columns of events.csv, so it builds again with
 * `timeline build` beside the table's sources.csv and citations.csv, and a
 * `sources` column (who is cited for each event, "; "-joined), which the
 * build ignores. Each cell is what the table holds as the page reads it:
 * dates as precise as written, the figures in the words the page shows them
 * ("100+" is written "at least 100", which reads back as the same figure),
 * lat and lon only where the table gave them (a place found by name is
 * found again). Cells a spreadsheet would take for a formula get a leading
 * apostrophe, the rule of timeline/csvfile.py spreadsheet_safe, which the
 * build takes off again. RFC 4180 quoting and CRLF line ends; UTF-8 with a
 * byte order mark, without which Excel reads the file in the computer's
 * legacy code page and mangles every accent and curly quote.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});

  var COLUMNS = [
    "id", "date", "end_date", "title", "category", "place", "lat", "lon",
    "killed", "injured", "perpetrator", "summary", "sources"
  ];
  // timeline/csvfile.py FORMULA_START: what a spreadsheet takes for the start of a formula.
  var FORMULA_START = ["=", "+", "-", "@", "\t", "\r"];
  var CONFIRM_MS = 4000; // how long "Link copied" stays

  /* csvfile.spreadsheet_safe: text that would be taken for a formula gets a leading apostrophe. */
  function spreadsheetSafe(cell) {
    var rest = cell.replace(/^'+/, "");
    return rest && FORMULA_START.indexOf(rest.charAt(0)) >= 0 ? "'" + cell : cell;
  }

  /* One cell as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
  // (A name for the pattern: scripts/catalogues.py's reader takes a "/" right after "return" for a division.)
  var NEEDS_QUOTES = /[",\r\n]/;
  function quoted(cell) {
    return NEEDS_QUOTES.test(cell) ? '"' + cell.replace(/"/g, '""') + '"' : cell;
  }

  /* The sources cited for event `ev`, each once, in the order cited: "Vox: title; …". */
  function sourcesOf(ev, data) {
    var seen = Object.create(null);
    var names = [];
    ev.citations.forEach(function (c) {
      if (seen[c.source]) return;
      seen[c.source] = true;
      var s = data.sourceById[c.source];
      if (!s) return;
      var name = [s.publisher, s.title].filter(Boolean).join(": ");
      names.push(name || s.id);
    });
    return names.join("; ");
  }

  /* The cells of one event, in COLUMNS' order (strings, before quoting). */
  function cells(ev, data) {
    var explicit = ev.loc && ev.loc.method === "explicit";
    var category = data.categories[ev.category];
    return [
      ev.id,
      ev.date.iso,
      ev.end_date ? ev.end_date.iso : "",
      ev.title,
      category ? category.id : "",
      ev.place || "",
      explicit ? { number: ev.loc.lat } : "",
      explicit ? { number: ev.loc.lon } : "",
      ev.killed ? ev.killed.label : "",
      ev.injured ? ev.injured.label : "",
      ev.perpetrator || "",
      ev.summary || "",
      sourcesOf(ev, data)
    ];
  }

  /* A row: text made spreadsheet-safe and quoted; coordinates are numbers, written as they are. */
  function row(values) {
    return values.map(function (v) {
      return typeof v === "object" ? String(v.number) : quoted(spreadsheetSafe(String(v)));
    }).join(",");
  }

  /* The CSV text (without the byte order mark) of the events at `indexes`. */
  function csvText(data, indexes) {
    var lines = [row(COLUMNS)];
    indexes.forEach(function (i) { lines.push(row(cells(data.events[i], data))); });
    return lines.join("\r\n") + "\r\n";
  }

  /* The indexes of the events the filters and the search show. */
  function shown(state) {
    var out = [];
    for (var i = 0; i < state.visible.length; i++) if (state.visible[i]) out.push(i);
    return out;
  }

  /* Lowercase ASCII letters and digits joined by "-": "ISIS-K: attacks" → "isis-k-attacks". */
  function slug(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  /* The file's name: the page's title, then the filters ("isis-k-attacks-and-context-attack-2021-01-01.csv"),
   * at most 120 characters of [a-z0-9-]; "events.csv" when neither says anything. */
  function fileName(data, filters) {
    var parts = [data.meta && data.meta.title];
    ["category", "country", "perpetrator"].forEach(function (key) {
      if (filters[key]) parts.push(filters[key].join("-"));
    });
    if (filters.from) parts.push("from-" + filters.from);
    if (filters.to) parts.push("to-" + filters.to);
    if (filters.q) parts.push(filters.q);
    var name = slug(parts.filter(Boolean).join("-")).slice(0, 120).replace(/-+$/, "");
    return (name || "events") + ".csv";
  }

  function download(data, state) {
    var blob = new Blob(["\ufeff", csvText(data, shown(state))], { type: "text/csv;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = T.el("a");
    a.href = url;
    a.download = fileName(data, state.filters);
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 0);
  }

  /* The address of the page as the reader sees it now. */
  function link(state) {
    return window.location.href.replace(/#.*$/, "") + state.hashFor();
  }

  /* Copy `text` with a hidden text field and the old copy command; false when refused. */
  function copyBySelecting(text) {
    var field = T.el("textarea", "share-copy-field");
    field.value = text;
    field.setAttribute("readonly", "");
    document.body.appendChild(field);
    field.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch {
      done = false;
    }
    field.remove();
    return done;
  }

  function copy(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyBySelecting(text); }
      );
    }
    return Promise.resolve(copyBySelecting(text));
  }

  function button(className, text, title) {
    var b = T.el("button", className, text);
    b.type = "button";
    b.title = title;
    return b;
  }

  T.share = {
    spreadsheetSafe: spreadsheetSafe,
    csvText: csvText,
    fileName: fileName,

    /* The two buttons, at the end of `bar` (the filter bar), and the line that says "Link copied". */
    render: function (bar, data, state) {
      var box = T.el("div", "share");
      var get = button("share-download", "⤓ " + T._("Download"),
        T._("Download the events shown (the filters and the search applied) as a CSV file, with their sources"));
      get.setAttribute("aria-label", T._("Download the events shown, as CSV"));
      var onFile = window.location.protocol === "file:";
      var copyLink = button("share-link", T._("Copy link"), onFile
        ? T._("Copy a link to this view (filters and selection). This page is a file on this computer: the link is its path, which opens only where the file is")
        : T._("Copy a link to this view (filters and selection)"));
      var said = T.el("span", "share-said");
      said.setAttribute("role", "status");
      said.setAttribute("aria-live", "polite");
      var fallback = T.el("input", "share-fallback");
      fallback.readOnly = true;
      fallback.hidden = true;
      fallback.setAttribute("aria-label", T._("The link to this view"));
      fallback.dir = "ltr"; // an address
      var clearing = null;
      get.addEventListener("click", function () { download(data, state); });
      copyLink.addEventListener("click", function () {
        var text = link(state);
        copy(text).then(function (done) {
          fallback.hidden = done;
          if (done) {
            said.textContent = T._("Link copied");
          } else {
            // The browser refused: the link in a field, selected, for the reader to copy.
            fallback.value = text;
            fallback.focus();
            fallback.select();
            said.textContent = T._("Press Ctrl+C (⌘C) to copy the link");
          }
          window.clearTimeout(clearing);
          clearing = window.setTimeout(function () { said.textContent = ""; }, CONFIRM_MS);
        });
      });
      box.appendChild(get);
      box.appendChild(copyLink);
      box.appendChild(said);
      box.appendChild(fallback);
      var count = bar.querySelector(".filter-count");
      bar.insertBefore(box, count ? count.nextSibling : null);
      function sync() {
        get.disabled = state.count === 0;
      }
      state.on(function (s, source, changed) {
        if (!changed || changed.filters) sync();
      });
      sync();
    }
  };
})();
