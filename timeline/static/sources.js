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
      item.appendChild(el("p", "source-kind", kind + " " + cited(counts[s.id] || 0)));
      if (s.note) item.appendChild(el("p", "note", s.note));
      list.appendChild(item);
    });
  }

  T.sourcesList = { render: renderSources };
})();
