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
  var FOLD_CHUNK = 1 << 22; // bytes of text folded at a time for the search

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
        /* Mark 1 in `into` (by row) where the value holds `word` (folded: T.fold). */
        search: function (word, into) {
          if (!d.folded) d.folded = values.map(function (v) { return v == null ? "" : fold(String(v)); });
          var match = new Uint8Array(values.length);
          var any = false;
          for (var v = 0; v < values.length; v++) if (d.folded[v].indexOf(word) >= 0) match[v] = any = 1;
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
    var pieces = null; // the texts folded for the search (makeFold), once cut
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
      /* Fold the texts for the search (makeFold), a piece of about
       * FOLD_CHUNK bytes at a time while `more()` says go on (all of them,
       * here and now, without it): in the search worker when there is one
       * (the pieces come back while the page goes on), else here. True once
       * every piece is folded. */
      prepare: function (more) {
        if (!pieces) pieces = cut(starts(), col.count, bytes.length);
        var done = true;
        for (var k = 0; k < pieces.length; k++) {
          var p = pieces[k];
          if (p.text !== null) continue;
          if (more ? p.asked || !more() : false) {
            done = false;
            continue;
          }
          if (!foldPiece(bytes, p, !more)) done = false;
        }
        return done;
      },
      /* Mark 1 in `into` (by row) where the text holds `word` (folded).
       * False when some texts may be missing: before they are folded, an
       * ASCII word is looked for in the bytes ("kerman" is not in "Kérman"). */
      search: function (word, into) {
        if (c.prepare(function () { return false; })) {
          searchFolded(pieces, starts(), word, into);
          return true;
        }
        if (!ascii(word)) {
          c.prepare();
          searchFolded(pieces, starts(), word, into);
          return true;
        }
        var at = starts();
        pieces.forEach(function (p) {
          if (p.text !== null) searchFolded([p], at, word, into);
          else searchBytes(bytes, at, word, into, p);
        });
        // The texts that lowercasing gives a letter A-Z from beyond ASCII (datablock.py FOLDS_TO_ASCII).
        var listed = col.folded ? column(col.folded, bodies).array : [];
        for (var k = 0; k < listed.length; k++) if (!into[listed[k]] && fold(c.get(listed[k])).indexOf(word) >= 0) into[listed[k]] = 1;
        return false;
      }
    };
    return c;
  }

  /* Is `word` ASCII (and no NUL)? */
  function ascii(word) {
    for (var k = 0; k < word.length; k++) if (word.charCodeAt(k) > 127 || !word.charCodeAt(k)) return false;
    return word.length > 0;
  }

  /* Mark 1 in `into` for each text of `piece` of `bytes` (text k starts at
   * at[k]) holding the ASCII `word`, A-Z as a-z, no text decoded.
   * Boyer-Moore-Horspool: most bytes are skipped. */
  function searchBytes(bytes, at, word, into, piece) {
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
    var n = piece.to;
    var text = piece.first;
    var i = piece.from;
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

  /* A text column's bytes cut at texts' ends into pieces of about
   * FOLD_CHUNK bytes: each its first text, the text after its last, where
   * it starts and ends (`at`: where each text starts), and its folded text
   * (null until made). */
  function cut(at, count, length) {
    var pieces = [];
    for (var first = 0; first < count; ) {
      var next = first + 1;
      while (next < count && at[next] - at[first] < FOLD_CHUNK) next++;
      pieces.push({ first: first, next: next, from: at[first], to: Math.min(at[next], length), text: null, beyond: null, starts: null, ends: null, asked: false });
      first = next;
    }
    return pieces;
  }

  /* The search's folding (its rules: state.js), each character on its own
   * (beyond the BMP as it is) and never into more UTF-16 units than its
   * UTF-8 bytes, so that folded texts keep their places. {text(t); bytes(b):
   * the UTF-8 texts b (a NUL after each) as {text: each padded with NULs to
   * its bytes, what is not ASCII as NUL; beyond: the texts not ASCII once
   * folded, a NUL after each (or null); starts: where each starts in b;
   * ends: one past its NUL}}. Also the worker's code. */
  function makeFold() {
    var FORMS = {
      "\u064a": "\u06cc", "\u0649": "\u06cc", "\u06d2": "\u06cc", "\u0643": "\u06a9", "\u0629": "\u0647",
      "\u06d5": "\u0647", "\u06c1": "\u0647", "\u06be": "\u0647", "\u0671": "\u0627",
      "\u00df": "ss", "\u0131": "i", "\u0142": "l", "\u00f8": "o", "\u0111": "d", "\u03c2": "\u03c3"
    };
    for (var d = 0; d < 10; d++) FORMS[String.fromCharCode(0x660 + d)] = FORMS[String.fromCharCode(0x6f0 + d)] = String(d);
    // eslint-disable-next-line no-misleading-character-class -- marks on their own, each dropped
    var DROPPED = /[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061c\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u00ad\u1ab0-\u1aff\u1dc0-\u1dff\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\u20d0-\u20ff\ufe20-\ufe2f\ufeff]/g;
    var FORMED = new RegExp("[" + Object.keys(FORMS).join("") + "]", "g");
    var ASCII = new Uint8Array(256); // each byte: ASCII lowercased, the others as 128
    for (var b = 0; b < 256; b++) ASCII[b] = b >= 65 && b <= 90 ? b + 32 : Math.min(b, 128);
    var FOLDED = []; // each character beyond ASCII (of the BMP), folded, as it is first met
    var SIZE = new Uint8Array(65536); // ... 1 once made
    var UNITS = new Uint8Array(65536); // ... its length in UTF-16 units (3 at most)
    var FOLD16 = new Uint16Array(65536 * 3); // ... its units
    function form(c) { return FORMS[c]; }
    function look(c) {
      var one = String.fromCharCode(c);
      var f = one.toLowerCase().normalize("NFD");
      f = f === "\u0438\u0306" ? "\u0439" : f.replace(DROPPED, "").replace(FORMED, form);
      if (f.length > (c < 0x800 ? 2 : 3)) f = one; // would not keep its place: as it is
      FOLDED[c] = f;
      for (var k = 0; k < f.length; k++) FOLD16[c * 3 + k] = f.charCodeAt(k);
      UNITS[c] = f.length;
      SIZE[c] = 1;
    }
    return {
      text: function (t) {
        var out = "";
        var from = 0;
        for (var i = 0; i < t.length; i++) {
          var c = t.charCodeAt(i);
          if (c < 128) continue;
          out += t.slice(from, i).toLowerCase(); // ASCII
          if (c >= 0xd800 && c <= 0xdfff) out += t[i]; // half of a character beyond the BMP: as it is
          else {
            if (!SIZE[c]) look(c);
            out += FOLDED[c];
          }
          from = i + 1;
        }
        return out + t.slice(from).toLowerCase();
      },
      bytes: function (bytes) {
        // ASCII lowercased, the other bytes as 128: done if none.
        var length = bytes.length;
        var ascii = new Uint8Array(length);
        for (var a = 0; a < length; a++) ascii[a] = ASCII[bytes[a]];
        var at = ascii.indexOf(128);
        if (at < 0) return { text: new TextDecoder().decode(ascii), beyond: null, starts: null, ends: null };
        // Else as UTF-16, in place: from each byte beyond ASCII to its text's end.
        var out = new Uint16Array(length);
        out.set(ascii);
        var wide = []; // where each text that is not ASCII once folded starts, and where it ends
        while (at >= 0) {
          var put = at;
          var i = at;
          var widest = 0; // the largest unit put in this text
          while (i < length) {
            var b = bytes[i];
            if (b < 0x80) {
              if (b === 0) break;
              out[put++] = ASCII[b];
              i++;
              continue;
            }
            var c;
            if (b < 0xe0) {
              c = ((b & 31) << 6) | (bytes[i + 1] & 63);
              i += 2;
            } else if (b < 0xf0) {
              c = ((b & 15) << 12) | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63);
              i += 3;
            } else { // beyond the BMP: as it is, two units for four bytes
              c = ((b & 7) << 18) | ((bytes[i + 1] & 63) << 12) | ((bytes[i + 2] & 63) << 6) | (bytes[i + 3] & 63);
              out[put++] = 0xd7c0 + (c >> 10);
              out[put++] = 0xdc00 + (c & 1023);
              widest = 0xd800;
              i += 4;
              continue;
            }
            if (!SIZE[c]) look(c);
            for (var j = c * 3, end = j + UNITS[c]; j < end; j++) {
              var unit = (out[put++] = FOLD16[j]);
              if (unit > widest) widest = unit;
            }
          }
          if (widest >= 0x80) wide.push(ascii.lastIndexOf(0, at) + 1, put);
          while (put < i) out[put++] = 0;
          at = i < length ? ascii.indexOf(128, i) : -1;
        }
        // One byte each: what is not ASCII as NUL (never in an ASCII word).
        var narrow = new Uint8Array(out);
        var count = wide.length / 2;
        var units = 0;
        for (var w = 0; w < wide.length; w += 2) {
          for (var u = wide[w]; u < wide[w + 1]; u++) if (out[u] >= 0x80) narrow[u] = 0;
          units += wide[w + 1] - wide[w] + 1;
        }
        var folded = { text: new TextDecoder().decode(narrow), beyond: null, starts: null, ends: null };
        if (!count) return folded;
        // And those texts whole, each followed by a NUL, for a word beyond ASCII.
        var beyond = new Uint16Array(units);
        folded.starts = new Uint32Array(count);
        folded.ends = new Uint32Array(count);
        for (var t = 0, to = 0; t < count; t++) {
          beyond.set(out.subarray(wide[2 * t], wide[2 * t + 1]), to);
          to += wide[2 * t + 1] - wide[2 * t] + 1; // and a NUL
          folded.starts[t] = wide[2 * t];
          folded.ends[t] = to;
        }
        folded.beyond = new TextDecoder("utf-16le").decode(beyond);
        return folded;
      }
    };
  }
  var folding = makeFold();
  /* Text as the search reads it (makeFold): a query is folded, then split into words. */
  var fold = (T.fold = folding.text);

  /* The worker that folds the texts for the search on another core: each
   * piece's bytes handed over (a copy), its texts sent back. Where workers
   * are refused or it fails, the pieces are folded here, while idle. */
  var FOLD_WORKER = "var folding = (" + makeFold.toString() + ")(); onmessage = function (e) {" +
    " var f = folding.bytes(new Uint8Array(e.data.bytes)); f.id = e.data.id;" +
    " postMessage(f, f.starts ? [f.starts.buffer, f.ends.buffer] : []); };";
  var folder; // undefined: not tried yet
  var asked = []; // the pieces sent to the worker, by id
  var waiting = 0; // how many of them are not back yet

  /* Fold a piece: here and now, or (not `now`) in the worker when there is
   * one. True when it is folded. */
  function foldPiece(bytes, piece, now) {
    if (folder === undefined) folder = startFolder();
    if (now || !folder) {
      took(piece, folding.bytes(bytes.subarray(piece.from, piece.to)));
      return true;
    }
    piece.asked = true;
    waiting++;
    var copy = bytes.slice(piece.from, piece.to).buffer;
    folder.postMessage({ id: asked.push(piece) - 1, bytes: copy }, [copy]);
    return false;
  }

  /* A piece's folded texts (makeFold bytes). */
  function took(piece, folded) {
    piece.text = folded.text;
    piece.beyond = folded.beyond;
    piece.starts = folded.starts;
    piece.ends = folded.ends;
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
      var piece = asked[e.data.id];
      if (piece.text === null) took(piece, e.data); // unless folded here meanwhile
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

  /* Mark 1 in `into` for each text that holds `word` (folded), with indexOf
   * along the folded pieces (`at`: where each text starts): an ASCII word
   * along `text`, another along `beyond`. */
  function searchFolded(pieces, at, word, into) {
    if (!ascii(word)) {
      pieces.forEach(function (p) { if (p.beyond) searchBeyond(p, at, word, into); });
      return;
    }
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

  /* searchFolded along `beyond`: a hit's text by its end, then its start. */
  function searchBeyond(p, at, word, into) {
    var ends = p.ends;
    var found = p.beyond.indexOf(word);
    var lo = 0;
    while (found >= 0) {
      var hi = ends.length - 1;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (ends[mid] > found) hi = mid;
        else lo = mid + 1;
      }
      var pos = p.from + p.starts[lo];
      var a = p.first, b = p.next - 1; // the text starting at pos
      while (a < b) {
        var m = (a + b) >> 1;
        if (at[m] < pos) a = m + 1;
        else b = m;
      }
      into[a] = 1;
      found = p.beyond.indexOf(word, ends[lo]);
      lo++;
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
