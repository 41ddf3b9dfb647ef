/* The briefing page's list of sources: each with its publisher, date, link
 * and how many events cite it. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;

  function cited(n) {
    return n === 0 ? T._("Not cited.") : T.n_("Cited once.", "Cited {n} times.", n);
  }

  /* A source's date as the table gives it ("2024-03"); in another language
   * than English, written in its words, exactly as precise (Gregorian). */
  function published(text) {
    var parts = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
    if (T.lang === "en" || !parts || typeof Intl === "undefined") return text;
    var options = { year: "numeric", timeZone: "UTC" };
    if (parts[2]) options.month = "short";
    if (parts[3]) options.day = "numeric";
    var when = new Date(Date.UTC(+parts[1], parts[2] ? +parts[2] - 1 : 0, parts[3] ? +parts[3] : 1));
    return new Intl.DateTimeFormat(T.lang + "-u-ca-gregory", options).format(when);
  }

  function renderSources(list, data) {
    list.replaceChildren();
    // How many citations name each source: a pass over the citations' source column.
    var counts = {};
    var cites = data.columns.events.citations.fields.source;
    var times = new Float64Array(data.sources.length);
    for (var k = 0; k < data.citeAt[data.events.length]; k++) times[cites.get(k)]++;
    data.sources.forEach(function (s, n) {
      counts[s.id] = times[n];
    });
    data.sources.forEach(function (s) {
      var item = el("li", "source");
      item.id = "source-" + s.id;
      item.appendChild(T.link(T.bdi(s.title), s.url));
      var details = [s.publisher, s.author, s.published && published(s.published)].filter(Boolean);
      if (details.length) {
        var span = el("span", "source-details", " — ");
        details.forEach(function (d, at) {
          if (at) span.appendChild(document.createTextNode(" · "));
          span.appendChild(T.bdi(d));
        });
        item.appendChild(span);
      }
      var kind = s.kind === "document"
        ? T.words(T._("Stored copy: {file}; quotes are checked against it."), { file: T.bdi(s.document) })
        : T._("Reference: no stored copy.");
      var p = el("p", "source-kind");
      p.appendChild(kind instanceof Node ? kind : document.createTextNode(kind));
      p.appendChild(document.createTextNode(" " + cited(counts[s.id] || 0)));
      item.appendChild(p);
      if (s.note) item.appendChild(T.tableText("p", "note", s.note));
      list.appendChild(item);
    });
  }

  T.sourcesList = { render: renderSources };
})();
