/* The briefing page's list of sources: each with its publisher, date, link
 * and how many events cite it. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;

  function cited(n) {
    return n === 0 ? "Not cited." : n === 1 ? "Cited once." : "Cited " + n + " times.";
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
      item.appendChild(T.link(s.title, s.url));
      var details = [s.publisher, s.author, s.published].filter(Boolean).join(" · ");
      if (details) item.appendChild(el("span", "source-details", " — " + details));
      var kind = s.kind === "document" ? "Stored copy: " + s.document + "; quotes are checked against it." : "Reference: no stored copy.";
      item.appendChild(el("p", "source-kind", kind + " " + cited(counts[s.id] || 0)));
      if (s.note) item.appendChild(el("p", "note", s.note));
      list.appendChild(item);
    });
  }

  T.sourcesList = { render: renderSources };
})();
