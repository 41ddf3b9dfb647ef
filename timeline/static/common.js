/* Shared by every page: reading the data block, and the event card that the
 * map popup, the timeline hover and the table all show.
 *
 * Every piece of text from the table is put into the page with textContent,
 * never as HTML, so nothing in a cell can become markup or script.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var cached = null;

  /* The page's data block, parsed once. */
  T.data = function () {
    if (!cached) {
      cached = JSON.parse(document.getElementById("timeline-data").textContent);
      cached.sourceById = {};
      cached.sources.forEach(function (s) {
        cached.sourceById[s.id] = s;
      });
      cached.byId = {};
      cached.events.forEach(function (ev, i) {
        cached.byId[ev.id] = i;
      });
    }
    return cached;
  };

  /* document.createElement with a class and text. */
  T.el = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };
  var el = T.el;

  /* Text made safe for the few Leaflet APIs that take HTML strings. */
  T.escape = function (text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  };

  /* An http(s) link, or plain text for any other kind of address. */
  T.link = function (text, url) {
    if (/^https?:\/\//i.test(url || "")) {
      var a = el("a", null, text);
      a.href = url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      return a;
    }
    return el("span", null, text);
  };

  T.sourceName = function (source) {
    return source ? source.publisher || source.title : "unknown source";
  };

  T.dateLabel = function (ev) {
    return ev.end_date ? ev.date.label + " – " + ev.end_date.label : ev.date.label;
  };

  var PRECISION_NOTE = {
    year: "only the year is known",
    month: "the month is known, not the day",
    day: ""
  };

  var FIELD_NAMES = {
    date: "date",
    end_date: "end date",
    place: "place",
    killed: "deaths",
    injured: "injured",
    perpetrator: "perpetrator"
  };

  /* "value — Source" for each citation of one field of an event. */
  function attributions(ev, field, data) {
    var list = el("ul", "attributions");
    ev.citations.forEach(function (c) {
      if (c.field !== field || !c.value) return;
      var item = el("li", null, c.value + " — " + T.sourceName(data.sourceById[c.source]));
      list.appendChild(item);
    });
    return list.children.length ? list : null;
  }

  function row(dl, term, value, extra) {
    dl.appendChild(el("dt", null, term));
    var dd = el("dd");
    if (typeof value === "string") dd.appendChild(el("span", null, value));
    else if (value) dd.appendChild(value);
    (extra || []).forEach(function (node) {
      if (node) dd.appendChild(node);
    });
    dl.appendChild(dd);
    return dd;
  }

  function unknown() {
    return el("span", "unknown", "unknown");
  }

  function placeValue(ev, data) {
    var box = el("span");
    if (!ev.place && !ev.loc) return unknown();
    if (ev.place) box.appendChild(el("span", null, ev.place));
    if (ev.loc) {
      var how = el("span", "placement precision-" + ev.loc.precision);
      how.appendChild(document.createTextNode("Shown at " + ev.loc.name + " — " + (data.precisions[ev.loc.precision] || ev.loc.precision)));
      if (ev.loc.note) how.appendChild(el("span", "note", ev.loc.note));
      box.appendChild(how);
    } else if (ev.unplaced) {
      box.appendChild(el("span", "placement unplaced", "Not on the map: " + ev.unplaced));
    }
    return box;
  }

  function citationList(ev, data) {
    var box = el("div", "citations");
    if (!ev.citations.length) {
      box.appendChild(el("p", "unknown", "No source cited."));
      return box;
    }
    box.appendChild(el("h4", null, "Sources"));
    ev.citations.forEach(function (c) {
      var source = data.sourceById[c.source];
      var supports = c.field ? "On the " + FIELD_NAMES[c.field] + (c.value ? ": " + c.value : "") : "";
      if (c.quote) {
        var quote = el("blockquote", "quote");
        quote.appendChild(el("p", null, c.quote));
        var cite = el("footer");
        cite.appendChild(el("span", null, "— "));
        cite.appendChild(T.link(T.sourceName(source), source && source.url));
        if (supports) cite.appendChild(el("span", "supports", " · " + supports));
        if (c.note) cite.appendChild(el("span", "note", c.note));
        quote.appendChild(cite);
        box.appendChild(quote);
      } else {
        var ref = el("p", "reference");
        ref.appendChild(el("span", "reference-label", "From a reference, not quoted from a stored document: "));
        ref.appendChild(T.link(source ? source.publisher + ", “" + source.title + "”" : c.source, source && source.url));
        if (supports) ref.appendChild(el("span", "supports", " · " + supports));
        if (c.note) ref.appendChild(el("span", "note", c.note));
        box.appendChild(ref);
      }
    });
    return box;
  }

  /* The card for one event: everything known about it, with who said what. */
  T.card = function (ev, data) {
    var category = data.categories[ev.category];
    var card = el("article", "event-card");
    card.setAttribute("data-event-id", ev.id);
    var kicker = el("p", "card-category");
    var swatch = el("span", "swatch");
    swatch.style.background = category.color;
    kicker.appendChild(swatch);
    kicker.appendChild(document.createTextNode(category.label));
    card.appendChild(kicker);
    card.appendChild(el("h3", "card-title", ev.title));

    var dl = el("dl", "facts");
    var note = PRECISION_NOTE[ev.date.precision];
    row(dl, "Date", T.dateLabel(ev), [note ? el("span", "precision", "(" + note + ")") : null, attributions(ev, "date", data)]);
    row(dl, "Place", placeValue(ev, data), [attributions(ev, "place", data)]);
    row(dl, "Killed", ev.killed ? ev.killed.label : unknown(), [attributions(ev, "killed", data)]);
    row(dl, "Injured", ev.injured ? ev.injured.label : unknown(), [attributions(ev, "injured", data)]);
    row(dl, "Perpetrator", ev.perpetrator || unknown(), [attributions(ev, "perpetrator", data)]);
    card.appendChild(dl);
    if (ev.summary) card.appendChild(el("p", "summary", ev.summary));
    card.appendChild(citationList(ev, data));
    return card;
  };
})();
