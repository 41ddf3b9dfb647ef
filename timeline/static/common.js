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

  /* One part of the block as build packed it (timeline/datablock.py pack):
   * base64 to bytes, inflated by the browser's DecompressionStream, to an
   * ArrayBuffer. Self-contained: it is also the worker's code. */
  function inflate(base64) {
    var bytes;
    if (Uint8Array.fromBase64) {
      bytes = Uint8Array.fromBase64(base64);
    } else {
      var binary = atob(base64);
      bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer();
  }

  /* inflate(), in a worker: the browser inflates the block's two parts on
   * other cores while this page's libraries are read and started; the
   * buffer is handed over, not copied. */
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

  var TYPED = {
    u8: Uint8Array, i8: Int8Array, u16: Uint16Array, i16: Int16Array, u32: Uint32Array, i32: Int32Array, f64: Float64Array
  };
  var decoder = new TextDecoder();
  var CHUNK = 1 << 19; // bytes of text lowercased at a time for the search (a few milliseconds)
  var FOLD_CHUNK = 1 << 22; // bytes of text folded at a time for the ASCII search

  /* One column of the block (datablock.py _column) as {get(i)}, and:
   * `array` (a typed array) for numbers; `index` (a typed array) and
   * `values` for a column of few values; `all()` (every value, made once),
   * `prepare()` and `search(word, into)` for texts. A text is decoded only when
   * it is asked for. */
  function column(col, bodies) {
    if (col.kind === "int" || col.kind === "float") {
      var Typed = TYPED[col.type];
      var body = bodies[col.part];
      var array = new Typed(body.buffer, body.at + col.at, col.bytes / Typed.BYTES_PER_ELEMENT);
      return { kind: col.kind, array: array, get: function (i) { return array[i]; } };
    }
    if (col.kind === "dict") {
      var index = column(col.index, bodies).array;
      var values = col.values;
      var d = {
        kind: "dict", index: index, values: values,
        get: function (i) { return values[index[i]]; },
        all: function () {
          return d.whole || (d.whole = Array.from(index, function (k) { return values[k]; }));
        },
        /* Mark 1 in `into` (by row) where the value holds `word` (lowercase). */
        search: function (word, into) {
          if (!d.lowered) d.lowered = values.map(function (v) { return v == null ? "" : String(v).toLowerCase(); });
          var match = new Uint8Array(values.length);
          var any = false;
          for (var v = 0; v < values.length; v++) if (d.lowered[v].indexOf(word) >= 0) match[v] = any = 1;
          if (any) for (var i = 0; i < index.length; i++) if (match[index[i]]) into[i] = 1;
        },
        prepare: function () { return true; }
      };
      return d;
    }
    var part = bodies[col.part];
    var bytes = new Uint8Array(part.buffer, part.at + col.at, col.bytes);
    var lengths = column(col.lengths, bodies).array;
    var at = null; // where each text starts (and one past the last), made when first asked
    function starts() {
      if (!at) {
        at = new Float64Array(col.count + 1);
        for (var k = 0; k < col.count; k++) at[k + 1] = at[k] + lengths[k] + 1;
      }
      return at;
    }
    var json = col.kind === "json";
    var chunks = []; // the texts lowercased for a search beyond ASCII, a piece at a time (lower)
    var pieces = null; // the texts folded for the ASCII search (fold), once cut
    var c = {
      kind: col.kind,
      count: col.count,
      whole: null, // every value, once all() has made them
      get: function (i) {
        if (c.whole) return c.whole[i];
        starts();
        var text = lengths[i] ? decoder.decode(bytes.subarray(at[i], at[i] + lengths[i])) : "";
        return json ? JSON.parse(text) : text;
      },
      all: function () {
        if (!c.whole) {
          var texts = col.count ? decoder.decode(bytes).split("\u0000") : [];
          c.whole = json ? texts.map(function (t) { return JSON.parse(t); }) : texts;
        }
        return c.whole;
      },
      /* Fold the texts for the ASCII search (foldBytes), a piece of about
       * FOLD_CHUNK bytes at a time while `more()` says go on (all of them
       * without it): in the search worker when there is one (the pieces
       * come back while the page goes on), else here. True once every
       * piece is folded. */
      prepare: function (more) {
        if (!pieces) pieces = cut(starts(), col.count, bytes.length);
        var done = true;
        for (var k = 0; k < pieces.length; k++) {
          var p = pieces[k];
          if (p.text !== null) continue;
          done = false;
          if (p.asked || (more && !more())) continue;
          foldPiece(bytes, p, !more);
        }
        return done;
      },
      /* Lowercase the texts for a search beyond ASCII, a piece of about
       * CHUNK bytes at a time (made on the first such search). Each piece:
       * its first text, the texts lowercased with a NUL after each, and
       * where each ends in it. */
      lower: function () {
        starts();
        var done = chunks.length ? chunks[chunks.length - 1].next : 0;
        while (done < col.count) {
          var next = done;
          while (next < col.count && at[next] - at[done] < CHUNK) next++;
          var text = decoder.decode(bytes.subarray(at[done], at[next] - 1)).toLowerCase();
          var parts = text.split("\u0000");
          var ends = new Uint32Array(parts.length);
          for (var k = 0, end = 0; k < parts.length; k++) ends[k] = end += parts[k].length + 1;
          chunks.push({ first: done, next: next, text: text + "\u0000", ends: ends });
          done = next;
        }
      },
      /* Mark 1 in `into` (by row) where the text holds `word` (lowercase). */
      search: function (word, into) {
        if (ascii(word)) {
          // Along the folded texts once made (the browser's own indexOf), else byte by byte.
          if (c.prepare(function () { return false; })) searchFolded(pieces, starts(), word, into);
          else searchBytes(bytes, starts(), word, into);
          // The few texts that lowercasing gives a letter A-Z from beyond ASCII (datablock.py FOLDS_TO_ASCII).
          var folded = col.folded ? column(col.folded, bodies).array : [];
          for (var k = 0; k < folded.length; k++) {
            if (!into[folded[k]] && c.get(folded[k]).toLowerCase().indexOf(word) >= 0) into[folded[k]] = 1;
          }
          return;
        }
        // Beyond ASCII, once folded: the texts holding the word's longest
        // run of ASCII (a text lowercased holds it only where the text holds
        // it, but for those listed as folded) are each lowercased and read.
        var run = asciiRun(word);
        if (run.length >= 3 && c.prepare(function () { return false; })) {
          var maybe = new Uint8Array(col.count);
          searchFolded(pieces, starts(), run, maybe);
          var listed = col.folded ? column(col.folded, bodies).array : [];
          for (var m = 0; m < listed.length; m++) maybe[listed[m]] = 1;
          for (var i = 0; i < col.count; i++) {
            if (maybe[i] && !into[i] && c.get(i).toLowerCase().indexOf(word) >= 0) into[i] = 1;
          }
          return;
        }
        // Else with indexOf along each lowercased piece: a hit's text is the one it falls in.
        c.lower();
        chunks.forEach(function (chunk) {
          var text = chunk.text, ends = chunk.ends;
          var found = text.indexOf(word);
          while (found >= 0) {
            var lo = 0, hi = ends.length - 1; // the first text ending after it
            while (lo < hi) {
              var mid = (lo + hi) >> 1;
              if (ends[mid] > found) hi = mid;
              else lo = mid + 1;
            }
            into[chunk.first + lo] = 1;
            found = text.indexOf(word, ends[lo]);
          }
        });
      }
    };
    return c;
  }

  /* Is `word` ASCII (and no NUL)? */
  function ascii(word) {
    for (var k = 0; k < word.length; k++) if (word.charCodeAt(k) > 127 || !word.charCodeAt(k)) return false;
    return word.length > 0;
  }

  /* The longest run of ASCII characters (no NUL) in `word`. */
  function asciiRun(word) {
    var best = "";
    for (var from = 0, k = 0; k <= word.length; k++) {
      var code = k < word.length ? word.charCodeAt(k) : 0;
      if (code > 0 && code < 128) continue;
      if (k - from > best.length) best = word.slice(from, k);
      from = k + 1;
    }
    return best;
  }

  /* A text column's bytes cut at texts' ends into pieces of about
   * FOLD_CHUNK bytes: each its first text, the text after its last, where
   * it starts and ends (`at`: where each text starts), and its folded text
   * (null until made). */
  function cut(at, count, length) {
    var pieces = [];
    for (var first = 0; first < count; ) {
      var next = first + 1;
      while (next < count && at[next] - at[first] < FOLD_CHUNK) next++;
      pieces.push({ first: first, next: next, from: at[first], to: Math.min(at[next], length), text: null, asked: false });
      first = next;
    }
    return pieces;
  }

  /* `bytes` (UTF-8) as a text for the ASCII search: A-Z as a-z, every byte
   * beyond ASCII (a piece of a character beyond it: never part of an ASCII
   * word) as NUL (never in a word either), so each character is one byte
   * and indexOf finds what searchBytes finds. Self-contained: it is also
   * the search worker's code. */
  function foldBytes(bytes) {
    var table = new Uint8Array(256);
    for (var b = 0; b < 128; b++) table[b] = b >= 65 && b <= 90 ? b + 32 : b;
    var out = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) out[i] = table[bytes[i]];
    return new TextDecoder().decode(out);
  }

  /* The worker that folds the texts for the search on another core: each
   * piece's bytes handed over (a copy, the page keeps its own), its text
   * sent back. Null where the browser refuses workers; then, or if it
   * fails, the pieces are folded here, while the page is idle. */
  var FOLD_WORKER = "onmessage = function (e) { postMessage({ id: e.data.id, text: (" + foldBytes.toString() +
    ")(new Uint8Array(e.data.bytes)) }); };";
  var folder; // undefined: not tried yet
  var asked = []; // the pieces sent to the worker, by id
  var waiting = 0; // how many of them are not back yet

  function foldPiece(bytes, piece, now) {
    if (folder === undefined) folder = startFolder();
    if (now || !folder) {
      piece.text = foldBytes(bytes.subarray(piece.from, piece.to));
      return;
    }
    piece.asked = true;
    waiting++;
    var copy = bytes.slice(piece.from, piece.to).buffer;
    folder.postMessage({ id: asked.push(piece) - 1, bytes: copy }, [copy]);
  }

  function startFolder() {
    var url = URL.createObjectURL(new Blob([FOLD_WORKER], { type: "text/javascript" }));
    var worker;
    try {
      worker = new Worker(url);
    } catch {
      URL.revokeObjectURL(url);
      return null;
    }
    worker.onmessage = function (e) {
      asked[e.data.id].text = e.data.text;
      asked[e.data.id] = null;
      // All back: the worker ends, its memory with it (a later piece starts another).
      if (--waiting === 0 && folder === worker) {
        worker.terminate();
        URL.revokeObjectURL(url);
        folder = undefined;
        asked = [];
      }
    };
    worker.onerror = function (e) {
      e.preventDefault();
      worker.terminate();
      folder = null; // the pieces not sent back are asked for again, and folded here
      asked.forEach(function (piece) { if (piece) piece.asked = false; });
      asked = [];
      waiting = 0;
    };
    return worker;
  }

  /* searchBytes, along the folded pieces with the browser's own indexOf. */
  function searchFolded(pieces, at, word, into) {
    for (var k = 0; k < pieces.length; k++) {
      var p = pieces[k];
      var text = p.first;
      var found = p.text.indexOf(word);
      while (found >= 0) {
        var pos = p.from + found;
        while (at[text + 1] <= pos) text++;
        into[text] = 1;
        found = p.text.indexOf(word, at[text + 1] - p.from);
      }
    }
  }

  /* Mark 1 in `into` for each text of `bytes` (UTF-8, a NUL after each
   * but the last; text k starts at at[k]) that holds the ASCII `word`
   * (lowercase), with A-Z taken as a-z: what indexOf along the texts
   * lowercased finds, but in the texts where a character beyond ASCII
   * lowercases to a letter A-Z (datablock.py FOLDS_TO_ASCII: the column
   * lists them), and no text is decoded. Boyer-Moore-Horspool: most bytes
   * are skipped. */
  function searchBytes(bytes, at, word, into) {
    var m = word.length;
    var pattern = new Uint8Array(m);
    var shift = new Int32Array(256).fill(m);
    for (var j = 0; j < m; j++) {
      pattern[j] = word.charCodeAt(j);
      if (j < m - 1) {
        shift[pattern[j]] = m - 1 - j;
        if (pattern[j] >= 97 && pattern[j] <= 122) shift[pattern[j] - 32] = m - 1 - j;
      }
    }
    var lastWanted = pattern[m - 1];
    var n = bytes.length;
    var text = 0;
    var i = 0;
    while (i <= n - m) {
      var last = bytes[i + m - 1];
      if ((last >= 65 && last <= 90 ? last + 32 : last) === lastWanted) {
        for (j = m - 2; j >= 0; j--) {
          var b = bytes[i + j];
          if ((b >= 65 && b <= 90 ? b + 32 : b) !== pattern[j]) break;
        }
        if (j < 0) {
          while (at[text + 1] <= i) text++;
          into[text] = 1;
          i = at[text + 1]; // the next text
          continue;
        }
      }
      i += shift[last];
    }
  }

  /* A table's rows as objects, every one made now (the dates, counts and
   * places: one per distinct value, far fewer than the events). */
  function rowObjects(fields, cols) {
    var n = cols.rows;
    var got = fields.map(function (name) {
      var c = cols[name];
      return c.all ? c.all() : c;
    });
    var rows = new Array(n);
    for (var i = 0; i < n; i++) {
      var o = {};
      for (var k = 0; k < fields.length; k++) o[fields[k]] = Array.isArray(got[k]) ? got[k][i] : got[k].get(i);
      rows[i] = o;
    }
    return rows;
  }

  function columns(node, bodies) {
    var out = {};
    Object.keys(node).forEach(function (name) {
      var col = node[name];
      if (name === "rows") out.rows = col;
      else if (col.kind === "rows") {
        out[name] = {
          count: column(col.count, bodies),
          fields: columns(col.fields, bodies)
        };
      } else out[name] = column(col, bodies);
    });
    return out;
  }

  /* The block made into what every view reads: data.events[i].date.label,
   * .loc.lat, ... Each event is an object that knows only its index: its
   * fields are read from the columns when asked for (data.columns, which
   * the views' loops over every event read directly). */
  function expand(buffers) {
    var length = new DataView(buffers[0]).getUint32(4, true);
    var data = JSON.parse(decoder.decode(new Uint8Array(buffers[0], 8, length)));
    // Each part's columns: where they start in its buffer.
    var bodies = buffers.map(function (buffer, n) { return { buffer: buffer, at: n ? 0 : 8 + length }; });
    var f = data.fields;
    var layout = data.columns;
    var cols = {};
    ["events", "dates", "counts", "places"].forEach(function (table) {
      cols[table] = columns(layout[table], bodies);
    });
    var dates = rowObjects(f.date, cols.dates);
    var counts = rowObjects(f.count, cols.counts);
    var places = rowObjects(f.place, cols.places);
    var chart = {};
    Object.keys(layout.chart).forEach(function (name) {
      chart[name] = column(layout.chart[name], bodies).array;
    });
    var E = cols.events;
    var n = E.rows;
    // Where each event's citations start among them all (n + 1 of them).
    var cited = E.citations.count.array;
    var citeAt = new Uint32Array(n + 1);
    for (var i = 0; i < n; i++) citeAt[i + 1] = citeAt[i] + cited[i];
    var C = E.citations.fields;
    var sources = data.sources;
    var date = E.date.array, end = E.end_date.array, loc = E.loc.array, killed = E.killed.array, injured = E.injured.array;

    function Event(i) {
      this.i = i;
    }
    function field(name, read) {
      Object.defineProperty(Event.prototype, name, { get: read, enumerable: true });
    }
    field("id", function () { return E.id.get(this.i); });
    field("title", function () { return E.title.get(this.i); });
    field("category", function () { return E.category.get(this.i); });
    field("date", function () { return dates[date[this.i]]; });
    field("end_date", function () { return end[this.i] >= 0 ? dates[end[this.i]] : null; });
    // The last day it may cover (ISO), as model.Event.last_day: the one place the pages work it out.
    field("last", function () { return dates[end[this.i] >= 0 ? end[this.i] : date[this.i]].end; });
    field("place", function () { return E.place.get(this.i); });
    field("loc", function () { return loc[this.i] >= 0 ? places[loc[this.i]] : null; });
    field("unplaced", function () { return E.unplaced.get(this.i) || null; });
    field("countries", function () { return loc[this.i] >= 0 ? places[loc[this.i]].countries : E.area.get(this.i) || []; });
    field("killed", function () { return killed[this.i] >= 0 ? counts[killed[this.i]] : null; });
    field("killed_reported", function () {
      var spread = E.killed_reported.get(this.i);
      return spread ? { low: spread[0], high: spread[1], label: spread[2] } : null;
    });
    field("injured", function () { return injured[this.i] >= 0 ? counts[injured[this.i]] : null; });
    field("perpetrator", function () { return E.perpetrator.get(this.i); });
    field("perpetrator_group", function () { return E.perpetrator_group.get(this.i); });
    field("summary", function () { return E.summary.get(this.i); });
    field("citations", function () {
      var list = [];
      for (var k = citeAt[this.i]; k < citeAt[this.i + 1]; k++) {
        var o = {};
        for (var m = 0; m < f.citation.length; m++) o[f.citation[m]] = C[f.citation[m]].get(k);
        o.source = sources[o.source].id;
        list.push(o);
      }
      return list;
    });
    field("radius", function () { return E.radius.get(this.i); });
    field("support", function () { return E.support.get(this.i) || {}; });
    field("said", function () { return E.said.get(this.i) || {}; });

    var events = new Array(n);
    for (i = 0; i < n; i++) events[i] = new Event(i);
    data.events = events;
    data.chart = chart;
    data.columns = cols;
    data.citeAt = citeAt;
    data.dateRows = dates;
    data.countRows = counts;
    data.placeRows = places;
    data.sourceById = {};
    data.sources.forEach(function (s) {
      data.sourceById[s.id] = s;
    });
    // An event's index by its id: a binary search of the events in the order of their ids.
    var byId = column(layout.by_id, bodies).array;
    data.byId = new Proxy(
      {},
      {
        get: function (target, id) {
          if (typeof id !== "string") return undefined;
          var lo = 0, hi = byId.length - 1;
          while (lo <= hi) {
            var mid = (lo + hi) >> 1;
            var there = E.id.get(byId[mid]);
            if (there === id) return byId[mid];
            if (there < id) lo = mid + 1;
            else hi = mid - 1;
          }
          return undefined;
        }
      }
    );
    return data;
  }

  /* The page's data block: packed columns, gzip-compressed, in base64,
   * inflated by the browser itself (in a worker when it can). Resolves to
   * the data, once; every view waits for it. Started as soon as this
   * script runs, which the pages place right after the block and before
   * the other libraries. */
  T.load = function () {
    if (loading) return loading;
    T.mark("reading the data");
    var node = document.getElementById("timeline-data");
    if (typeof DecompressionStream === "undefined") {
      var note = document.createElement("p");
      note.className = "browser-too-old";
      note.textContent = T._("This page needs a newer browser (Chrome or Edge 80, Firefox 113, Safari 16.4 or later) to read its data.");
      document.body.insertBefore(note, document.body.firstChild);
      loading = Promise.reject(new Error("DecompressionStream is not available"));
      return loading;
    }
    // The block's two parts, apart by a space: each inflated in a worker of its own, at once.
    var parts = node.textContent.trim().split(" ");
    loading = Promise.all(parts.map(function (base64) {
      return inflateInWorker(base64).catch(function () {
        return inflate(base64);
      });
    })).then(function (buffers) {
      T.mark("data inflated");
      cached = expand(buffers);
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

  /* Table text set among our words, isolated for the bidirectional
   * algorithm: a Persian place name beside a date cannot pull the date's
   * digits into its own run ("کابل · 26 Aug 2021" stays in that order). */
  T.bdi = function (text, className) {
    return el("bdi", className, text);
  };

  /* The reader's language (timeline/language.py): <html lang dir>, and the
   * page's own words from its catalogue, in the page as the JSON element
   * #timeline-words (none for English: the words here are English). */
  var root = document.documentElement;
  T.lang = root.getAttribute("lang") || "en";
  T.rtl = root.getAttribute("dir") === "rtl";
  var words = null;
  var plurals = null;
  function catalogue() {
    if (!words) {
      var node = document.getElementById("timeline-words");
      words = node ? JSON.parse(node.textContent) : {};
    }
    return words;
  }

  /* Fill {name} in text with values[name]. */
  T.fmt = function (text, values) {
    return !values ? text : text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  };

  /* Our words in the reader's language: T._("Filters"), T._("{shown} of
   * {total}", {shown: 3, total: 9}). Each is found by scripts/catalogues.py. */
  T._ = function (message, values) {
    var text = catalogue()[message];
    return T.fmt(typeof text === "string" ? text : message, values);
  };

  /* A message that depends on a count n, in the form the language's plural
   * rules (the browser's Intl.PluralRules) give: T.n_("{n} event", "{n}
   * events", 3). {n} is the count as people read it. */
  T.n_ = function (singular, plural, n, values) {
    var forms = catalogue()[singular];
    var text;
    if (forms && typeof forms === "object") {
      plurals = plurals || new Intl.PluralRules(T.lang);
      text = forms[plurals.select(n)] || forms.other || singular;
    } else {
      text = n === 1 ? singular : plural;
    }
    return T.fmt(text, Object.assign({ n: T.whole(n) }, values || {}));
  };

  /* A count as people read it in the page's language: 200000 as "200,000",
   * "200 000" or "۲۰۰٬۰۰۰". */
  var counts = null;
  T.whole = function (n) {
    counts = counts || new Intl.NumberFormat(T.lang, { maximumFractionDigits: 0 });
    return counts.format(n);
  };

  /* Text made safe for the few Leaflet APIs that take HTML strings. */
  T.escape = function (text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  };

  /* Our words with values put in where they name them: T.words(T._("claimed
   * by {who}, reported by {source}"), {who: T.bdi(group), source: T.bdi(name)})
   * as nodes, so a value can be an element (table text in its own <bdi>) and
   * each language puts the values in its own order. */
  T.words = function (text, values) {
    var out = document.createDocumentFragment();
    String(text).split(/\{(\w+)\}/).forEach(function (piece, k) {
      var value = k % 2 ? (values && Object.prototype.hasOwnProperty.call(values, piece) ? values[piece] : "{" + piece + "}") : piece;
      if (value instanceof Node) out.appendChild(value);
      else if (value !== "" && value !== null && value !== undefined) out.appendChild(document.createTextNode(String(value)));
    });
    return out;
  };

  /* An http(s) link, or plain text for any other kind of address; `text` a
   * string or nodes (T.words). */
  T.link = function (text, url) {
    var node;
    if (/^https?:\/\//i.test(url || "")) {
      node = el("a");
      node.href = url;
      node.rel = "noopener noreferrer";
      node.target = "_blank";
    } else {
      node = el("span");
    }
    if (text instanceof Node) node.appendChild(text);
    else node.textContent = String(text);
    return node;
  };

  T.sourceName = function (source) {
    return source ? source.publisher || source.title : T._("unknown source");
  };

  T.dateLabel = function (ev) {
    return ev.end_date ? ev.date.label + " – " + ev.end_date.label : ev.date.label;
  };

  /* The date with how it is known where that is not a source's own words:
   * "Aug 2021 (derived)" (timeline/claims.py's when). */
  T.dateSaid = function (ev) {
    return ev.said.when || T.dateLabel(ev);
  };

  /* How precisely a date is known, where that is less than the day. */
  function precisionNote(date) {
    if (date.approximate) return T._("even the year is approximate");
    if (date.precision === "year") return T._("only the year is known");
    if (date.precision === "month") return T._("the month is known, not the day");
    return "";
  }

  /* A field of an event in one line, as the table states it: each source's
   * value with who said it (worked out by timeline/claims.py, the one owner
   * of that wording), or the value's own label where that is all there is. */
  T.said = function (ev, field) {
    if (ev.said[field]) return ev.said[field];
    var value = field === "perpetrator" ? T.perpetrator(ev) : ev[field];
    if (!value) return "";
    return typeof value === "string" ? value : value.label;
  };

  /* The perpetrator cell as the reader's language words its basis ("ISIS-K
   * (claimed)" in Persian: the block's perpetrator_labels, timeline/datablock.py),
   * else as written. */
  T.perpetrator = function (ev) {
    var labels = T.data().perpetrator_labels;
    return (labels && ev.perpetrator && labels[ev.perpetrator]) || ev.perpetrator;
  };

  /* How a value that is not a source's own words came about: "derived", one
   * click (or hover) from how; "from a reference"; "no source gives this". */
  T.supportMark = function (status, how) {
    var words = T.data().support_words[status]; // timeline/claims.py's STATUS_WORDS
    if (!words) return null;
    if (status === "derived" && how) {
      var box = el("details", "derived");
      var summary = el("summary", null, words);
      summary.title = "\u2068" + how + "\u2069"; // table text, isolated where <bdi> cannot go
      box.appendChild(summary);
      var said = box.appendChild(el("span", "how", how)); // the citation's note: table text
      said.dir = "auto";
      return box;
    }
    return el("span", "support support-" + status, words);
  };

  function fieldMark(ev, field) {
    var s = ev.support[field];
    return s ? T.supportMark(s[0], s[1]) : null;
  }

  /* What a citation bears on: "On the deaths". */
  function onField(field) {
    switch (field) {
      case "date": return T._("On the date");
      case "end_date": return T._("On the end date");
      case "place": return T._("On the place");
      case "killed": return T._("On the deaths");
      case "injured": return T._("On the injured");
      case "perpetrator": return T._("On the perpetrator");
      default: return field;
    }
  }

  /* Who a figure comes from: the source, or the group that claimed it as
   * reported by the source (never one taken for the other). */
  function whoSaid(c, name) {
    if (!c.claimed_by) return T.bdi(name);
    return T.words(T._("claimed by {who}, reported by {source}"), { who: T.bdi(c.claimed_by), source: T.bdi(name) });
  }

  /* What each source says of one field of an event: "at least 139 — Vox",
   * "more than 100 — claimed by ISIS, reported by Vox", a value worked out
   * from the source's words marked derived, and a caveat (a citation of the
   * field without a value) in its note's words. */
  function attributions(ev, field, data) {
    var list = el("ul", "attributions");
    ev.citations.forEach(function (c) {
      if (c.field !== field || !(c.value || c.note)) return;
      var who = whoSaid(c, T.sourceName(data.sourceById[c.source]));
      var said = c.value
        ? T.words(T._("“{words}” — {who}"), { words: T.bdi(c.value), who: who })
        : T.words(T._("{note} — {who}"), { note: T.bdi(c.note), who: who });
      var item = el("li");
      item.appendChild(c.derived ? T.words(T._("{said}, read by us as {value}"), { said: said, value: T.bdi(c.derived) }) : said);
      list.appendChild(item);
    });
    return list.children.length ? list : null;
  }

  function countValue(count) {
    if (!count) return unknown();
    var box = el("span");
    box.appendChild(T.bdi(count.label)); // a source's words ("nearly 100"), as it gave them
    if (count.total) {
      var total = el("span", "total");
      total.appendChild(document.createTextNode(" "));
      total.appendChild(T.words(T._("= {total} in all"), { total: count.total }));
      total.appendChild(document.createTextNode(" "));
      total.appendChild(T.supportMark("derived", T._("{how}: the sum is ours, not the source's", { how: count.total_how })));
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

  /* An element holding nothing but text from the table: its direction is its own. */
  T.tableText = function (tag, className, text) {
    var node = el(tag, className, text);
    node.dir = "auto";
    return node;
  };
  var tableText = T.tableText;

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

  /* "unknown", shown as unknown (a blank in the table is never a zero). */
  T.unknown = function () {
    return el("span", "unknown", T._("unknown"));
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
    if (ev.place) box.appendChild(tableText("span", null, ev.place));
    if (ev.loc) {
      var how = el("span", "placement precision-" + ev.loc.precision);
      how.appendChild(T.words(T._("Shown at {place} — {precision}"), {
        place: T.bdi(ev.loc.name),
        precision: T.bdi(data.precisions[ev.loc.precision] || ev.loc.precision)
      }));
      if (ev.loc.status === "review") how.appendChild(el("span", "review", T._("Placed automatically, not reviewed: a guess.")));
      if (ev.loc.note) how.appendChild(tableText("span", "note", ev.loc.note));
      box.appendChild(how);
    } else if (ev.unplaced) {
      var unplaced = el("span", "placement unplaced");
      unplaced.appendChild(T.words(T._("Not on the map: {why}"), { why: T.bdi(ev.unplaced) }));
      box.appendChild(unplaced);
    }
    return box;
  }

  /* What a citation bears on, after a source's name: " · On the deaths: 139, claimed by ISIS". */
  function supports(c) {
    var what = null;
    if (c.field) what = c.value ? T.words(T._("{field}: {value}"), { field: onField(c.field), value: T.bdi(c.value) }) : onField(c.field);
    if (c.claimed_by) {
      var who = T.bdi(c.claimed_by);
      what = what ? T.words(T._("{supports}, claimed by {who}"), { supports: what, who: who }) : T.words(T._("claimed by {who}"), { who: who });
    }
    if (!what) return null;
    var span = el("span", "supports", " · ");
    span.appendChild(what instanceof Node ? what : document.createTextNode(what));
    return span;
  }

  function citationList(ev, data) {
    var box = el("div", "citations");
    if (!ev.citations.length) {
      box.appendChild(el("p", "unknown", T._("No source cited.")));
      return box;
    }
    box.appendChild(el("h4", null, T._("Sources")));
    ev.citations.forEach(function (c) {
      var source = data.sourceById[c.source];
      var on = supports(c);
      if (c.quote) {
        var quote = el("blockquote", "quote");
        quote.appendChild(tableText("p", null, c.quote)); // the source's words, as it gave them
        var cite = el("footer");
        cite.appendChild(el("span", null, "— "));
        cite.appendChild(T.link(T.bdi(T.sourceName(source)), source && source.url));
        if (on) cite.appendChild(on);
        if (c.note) cite.appendChild(tableText("span", "note", c.note));
        quote.appendChild(cite);
        box.appendChild(quote);
      } else {
        var ref = el("p", "reference");
        ref.appendChild(el("span", "reference-label", T._("From a reference, not quoted from a stored document:") + " "));
        var name = source
          ? T.words(T._("{publisher}, “{title}”"), { publisher: T.bdi(source.publisher), title: T.bdi(source.title) })
          : T.bdi(c.source);
        ref.appendChild(T.link(name, source && source.url));
        if (on) ref.appendChild(on);
        if (c.note) ref.appendChild(tableText("span", "note", c.note));
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
    kicker.appendChild(T.bdi(category.label));
    card.appendChild(kicker);
    card.appendChild(tableText("h3", "card-title", ev.title));

    var dl = el("dl", "facts");
    var note = precisionNote(ev.date);
    row(dl, T._("Date"), T.dateLabel(ev), [
      note ? el("span", "precision", "(" + note + ")") : null,
      fieldMark(ev, "date"),
      fieldMark(ev, "end_date"),
      attributions(ev, "date", data),
      attributions(ev, "end_date", data)
    ]);
    row(dl, T._("Place"), placeValue(ev, data), [fieldMark(ev, "place"), attributions(ev, "place", data)]);
    row(dl, T._("Killed"), countValue(ev.killed), [fieldMark(ev, "killed"), attributions(ev, "killed", data)]);
    row(dl, T._("Injured"), countValue(ev.injured), [fieldMark(ev, "injured"), attributions(ev, "injured", data)]);
    var blamed = T.perpetrator(ev); // our words for the basis, the names isolated in them: not table text alone
    row(dl, T._("Perpetrator"), blamed ? (blamed === ev.perpetrator ? tableText : el)("span", null, blamed) : unknown(), [
      fieldMark(ev, "perpetrator"),
      attributions(ev, "perpetrator", data)
    ]);
    card.appendChild(dl);
    if (ev.summary) card.appendChild(tableText("p", "summary", ev.summary));
    card.appendChild(citationList(ev, data));
    return card;
  };

  if (document.getElementById("timeline-data")) T.load();
})();
