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
  var loading = null;

  /* A row of values back into an object: fields ["id", "title"] and the row
   * ["a", "b"] give {id: "a", title: "b"}. */
  function object(fields, row) {
    var o = {};
    for (var k = 0; k < fields.length; k++) o[fields[k]] = row[k];
    return o;
  }

  function objects(fields, rows) {
    return rows.map(function (row) {
      return object(fields, row);
    });
  }

  /* The block as build wrote it (timeline/datablock.py: one array per event,
   * dates, counts and places as indexes into shared tables) made into the
   * objects every view reads: data.events[i].date.label, .loc.lat, ... */
  function expand(block) {
    var f = block.fields;
    var dates = objects(f.date, block.dates);
    var counts = objects(f.count, block.counts);
    var places = objects(f.place, block.places);
    var ix = {};
    f.event.forEach(function (name, k) { ix[name] = k; });
    block.events = block.events.map(function (r) {
      var loc = r[ix.loc] >= 0 ? places[r[ix.loc]] : null;
      var spread = r[ix.killed_reported];
      return {
        id: r[ix.id],
        title: r[ix.title],
        category: r[ix.category],
        date: dates[r[ix.date]],
        end_date: r[ix.end_date] >= 0 ? dates[r[ix.end_date]] : null,
        // The last day it may cover (ISO), as model.Event.last_day: the one place the pages work it out.
        last: (r[ix.end_date] >= 0 ? dates[r[ix.end_date]] : dates[r[ix.date]]).end,
        place: r[ix.place],
        loc: loc,
        unplaced: r[ix.unplaced] || null,
        countries: loc ? loc.countries : r[ix.area] || [],
        killed: r[ix.killed] >= 0 ? counts[r[ix.killed]] : null,
        killed_reported: spread ? { low: spread[0], high: spread[1], label: spread[2] } : null,
        injured: r[ix.injured] >= 0 ? counts[r[ix.injured]] : null,
        perpetrator: r[ix.perpetrator],
        perpetrator_group: r[ix.perpetrator_group],
        summary: r[ix.summary],
        citations: r[ix.citations].map(function (c) {
          var o = object(f.citation, c);
          o.source = block.sources[o.source].id;
          return o;
        }),
        radius: r[ix.radius],
        support: r[ix.support] || {},
        said: r[ix.said] || {}
      };
    });
    delete block.dates;
    delete block.counts;
    delete block.places;
    block.sourceById = {};
    block.sources.forEach(function (s) {
      block.sourceById[s.id] = s;
    });
    block.byId = {};
    block.events.forEach(function (ev, i) {
      block.byId[ev.id] = i;
    });
    return block;
  }

  /* Base64 text of gzip-compressed bytes to the inflated bytes (an ArrayBuffer). */
  function inflate(base64) {
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer();
  }

  /* inflate(), in a worker: the browser inflates the block on another core
   * while this page's libraries (plotly.js takes a second) are read and started. */
  var WORKER = "onmessage = function (e) { (" + inflate.toString() + ")(e.data).then(" +
    "function (buffer) { postMessage(buffer, [buffer]); }, function (err) { postMessage(String(err)); }); };";

  function inflateInWorker(base64) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(new Blob([WORKER], { type: "text/javascript" }));
      var worker;
      try {
        worker = new Worker(url);
      } catch (refused) {
        URL.revokeObjectURL(url);
        throw refused; // where workers are refused: this promise rejects, and T.load inflates here
      }
      function done() {
        worker.terminate();
        URL.revokeObjectURL(url);
      }
      worker.onmessage = function (e) {
        done();
        if (e.data instanceof ArrayBuffer) resolve(e.data);
        else reject(new Error(e.data));
      };
      worker.onerror = function (e) {
        e.preventDefault();
        done();
        reject(new Error("the worker inflating the data failed"));
      };
      worker.postMessage(base64);
    });
  }

  /* The page's data block: gzip-compressed JSON in base64, inflated by the
   * browser itself (in a worker when it can). Resolves to the data, once;
   * every view waits for it. Started as soon as this script runs, which the
   * pages place right after the block and before the other libraries. */
  T.load = function () {
    if (loading) return loading;
    T.mark("reading the data");
    var node = document.getElementById("timeline-data");
    if (typeof DecompressionStream === "undefined") {
      var note = document.createElement("p");
      note.className = "browser-too-old";
      note.textContent =
        "This page needs a newer browser (Chrome or Edge 80, Firefox 113, Safari 16.4 or later) to read its data.";
      document.body.insertBefore(note, document.body.firstChild);
      loading = Promise.reject(new Error("DecompressionStream is not available"));
      return loading;
    }
    var base64 = node.textContent.trim();
    var inflated = inflateInWorker(base64).catch(function () {
      return inflate(base64);
    });
    loading = inflated.then(function (buffer) {
      cached = expand(JSON.parse(new TextDecoder().decode(buffer)));
      T.mark("data read");
      return cached;
    });
    return loading;
  };

  /* A named moment of opening the page ("data read", "map drawn"), kept in the
   * browser's performance timeline: bench/scale.py reads them to say where the
   * time to draw a page goes. */
  T.mark = function (name) {
    if (window.performance && performance.mark) performance.mark("timeline: " + name);
  };

  /* The data, once T.load() has resolved. */
  T.data = function () {
    if (!cached) throw new Error("Timeline.data() before Timeline.load() resolved");
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

  /* The date with how it is known where that is not a source's own words:
   * "Aug 2021 (derived)" (timeline/claims.py's when). */
  T.dateSaid = function (ev) {
    return ev.said.when || T.dateLabel(ev);
  };

  var PRECISION_NOTE = {
    year: "only the year is known",
    month: "the month is known, not the day",
    day: ""
  };

  /* A field of an event in one line, as the table states it: each source's
   * value with who said it (worked out by timeline/claims.py, the one owner
   * of that wording), or the value's own label where that is all there is. */
  T.said = function (ev, field) {
    if (ev.said[field]) return ev.said[field];
    var value = ev[field];
    if (!value) return "";
    return typeof value === "string" ? value : value.label;
  };

  /* How a value that is not a source's own words came about: "derived", one
   * click (or hover) from how; "from a reference"; "no source gives this". */
  T.supportMark = function (status, how) {
    var words = T.data().support_words[status]; // timeline/claims.py's STATUS_WORDS
    if (!words) return null;
    if (status === "derived" && how) {
      var box = el("details", "derived");
      var summary = el("summary", null, words);
      summary.title = how;
      box.appendChild(summary);
      box.appendChild(el("span", "how", how));
      return box;
    }
    return el("span", "support support-" + status, words);
  };

  function fieldMark(ev, field) {
    var s = ev.support[field];
    return s ? T.supportMark(s[0], s[1]) : null;
  }

  var FIELD_NAMES = {
    date: "date",
    end_date: "end date",
    place: "place",
    killed: "deaths",
    injured: "injured",
    perpetrator: "perpetrator"
  };

  /* What each source says of one field of an event: "at least 139 — Vox",
   * "more than 100 — claimed by ISIS, reported by Vox", a value worked out
   * from the source's words marked derived, and a caveat (a citation of the
   * field without a value) in its note's words. */
  function attributions(ev, field, data) {
    var list = el("ul", "attributions");
    ev.citations.forEach(function (c) {
      if (c.field !== field || !(c.value || c.note)) return;
      var name = T.sourceName(data.sourceById[c.source]);
      var who = c.claimed_by ? "claimed by " + c.claimed_by + ", reported by " + name : name;
      var text = (c.value ? "“" + c.value + "”" : c.note) + " — " + who;
      list.appendChild(el("li", null, c.derived ? text + ", read by us as " + c.derived : text));
    });
    return list.children.length ? list : null;
  }

  function countValue(count) {
    if (!count) return unknown();
    var box = el("span", null, count.label);
    if (count.total) {
      var total = el("span", "total");
      total.appendChild(document.createTextNode(" = " + count.total + " in all "));
      total.appendChild(T.supportMark("derived", count.total_how + ": the sum is ours, not the source's"));
      box.appendChild(total);
    }
    return box;
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

  /* "unknown", shown as unknown (a blank in the table is never a zero). */
  /* The boxes of the elements matching `selector` inside `container` that
   * take up room, in the container's pixels: [left, top, right, bottom]. */
  T.boxesIn = function (container, selector) {
    var origin = container.getBoundingClientRect();
    var boxes = [];
    container.querySelectorAll(selector).forEach(function (node) {
      var r = node.getBoundingClientRect();
      if (r.width && r.height) boxes.push([r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top]);
    });
    return boxes;
  };

  /* Does box `b` ([left, top, right, bottom]) overlap any of `boxes`? */
  T.overlapsAny = function (b, boxes) {
    for (var n = 0; n < boxes.length; n++) {
      var o = boxes[n];
      if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) return true;
    }
    return false;
  };

  T.unknown = function () {
    return el("span", "unknown", "unknown");
  };
  var unknown = T.unknown;

  /* A category's (or any) colour as a small round swatch. */
  T.swatch = function (color) {
    var swatch = el("span", "swatch");
    swatch.style.background = color;
    return swatch;
  };

  function placeValue(ev, data) {
    var box = el("span");
    if (!ev.place && !ev.loc) return unknown();
    if (ev.place) box.appendChild(el("span", null, ev.place));
    if (ev.loc) {
      var how = el("span", "placement precision-" + ev.loc.precision);
      how.appendChild(document.createTextNode("Shown at " + ev.loc.name + " — " + (data.precisions[ev.loc.precision] || ev.loc.precision)));
      if (ev.loc.status === "review") how.appendChild(el("span", "review", "Placed automatically, not reviewed: a guess."));
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
      if (c.claimed_by) supports += (supports ? ", " : "") + "claimed by " + c.claimed_by;
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
    kicker.appendChild(T.swatch(category.color));
    kicker.appendChild(document.createTextNode(category.label));
    card.appendChild(kicker);
    card.appendChild(el("h3", "card-title", ev.title));

    var dl = el("dl", "facts");
    var note = ev.date.approximate ? "even the year is approximate" : PRECISION_NOTE[ev.date.precision];
    row(dl, "Date", T.dateLabel(ev), [
      note ? el("span", "precision", "(" + note + ")") : null,
      fieldMark(ev, "date"),
      fieldMark(ev, "end_date"),
      attributions(ev, "date", data),
      attributions(ev, "end_date", data)
    ]);
    row(dl, "Place", placeValue(ev, data), [fieldMark(ev, "place"), attributions(ev, "place", data)]);
    row(dl, "Killed", countValue(ev.killed), [fieldMark(ev, "killed"), attributions(ev, "killed", data)]);
    row(dl, "Injured", countValue(ev.injured), [fieldMark(ev, "injured"), attributions(ev, "injured", data)]);
    row(dl, "Perpetrator", ev.perpetrator || unknown(), [fieldMark(ev, "perpetrator"), attributions(ev, "perpetrator", data)]);
    card.appendChild(dl);
    if (ev.summary) card.appendChild(el("p", "summary", ev.summary));
    card.appendChild(citationList(ev, data));
    return card;
  };

  if (document.getElementById("timeline-data")) T.load();
})();
