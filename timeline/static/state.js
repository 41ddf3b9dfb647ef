/* What the reader has chosen: the filters and the selected event, shared by
 * every view of a page and kept in the URL's hash.
 *
 *   index.html#crocus-city-hall-2024                      one event selected
 *   index.html#category=attack,warning&from=2021-01-01&q=kabul&event=kabul-hotel-2022
 *   index.html#story=isis-k&step=3                         a story's third step
 *
 * Views subscribe with Timeline.state.on(fn); fn(state, source, changed) runs
 * after every change, where `source` names the view that made it (so a view
 * can ignore its own echo) and `changed` says what changed:
 * {filters: true|false, selection: true|false, story: true|false} (all true
 * when the hash was read), so a view can skip work a selection does not need.
 *
 * A story (data.stories; story.js tells it) is walked step by step: the step
 * is in the URL, each step a new entry of the browser's history (so back and
 * forward move between steps); a step's events are ringed in every view, and
 * selected by a click as ever; leaving the story gives back the filters the
 * reader had when it began.
 *
 * Built for a million events: a filter change is one pass over the block's
 * columns with the filters compiled to lookups (and the search a pass of
 * indexOf along each text column, folded once (T.fold) in a worker after the page
 * starts); a selection touches no event but its own.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});

  var KEYS = ["category", "country", "perpetrator", "from", "to", "q", "event", "story", "step"];

  function emptyFilters() {
    return { category: null, country: null, perpetrator: null, from: null, to: null, q: "" };
  }

  var BOTH = { filters: true, selection: true, story: true };
  var FILTERS = { filters: true, selection: false, story: false };
  var SELECTION = { filters: false, selection: true, story: false };
  var STORY = { filters: true, selection: true, story: true };

  var state = {
    filters: emptyFilters(),
    selected: null,
    story: null, // {id, step}: the story being told (its index in data.stories) and its step (from 0)
    listeners: [],
    /* visible[i] is 1 when event i passes every filter; visibleAnyDate[i] when
     * it passes every filter but the dates (the timeline's range shows those);
     * count is how many are visible. */
    visible: new Uint8Array(0),
    visibleAnyDate: new Uint8Array(0),
    count: 0,
    partial: false, // whether the search's answer is a first one, to be made again (completeSearch)

    on: function (fn) {
      state.listeners.push(fn);
    },

    emit: function (source, changed) {
      var what = changed || BOTH;
      var work = state.listeners.map(function (fn) {
        return fn(state, source, what);
      });
      state.pending = Promise.all(work);
      state.writeHash();
    },

    /* A promise kept once every view has followed the last change. */
    settled: function () {
      return state.pending || Promise.resolve();
    },

    /* Change some filters: {category: ["attack"], from: "2021-01-01", ...}. */
    setFilters: function (changes, source) {
      Object.keys(changes).forEach(function (key) {
        state.filters[key] = changes[key];
      });
      state.recount();
      state.emit(source, FILTERS);
    },

    clearFilters: function (source) {
      state.filters = emptyFilters();
      state.recount();
      state.emit(source, FILTERS);
    },

    select: function (id, source) {
      var data = T.data();
      state.selected = id && data.byId[id] !== undefined ? id : null;
      state.emit(source, SELECTION);
    },

    /* Tell story `id` (its id in data.stories) from step `step` (from 0):
     * a new entry in the browser's history. */
    openStory: function (id, step, source) {
      if (!toStep(id, step)) return;
      state.selected = null; // the step's events are ringed; a click on one opens its card
      state.newEntry = true;
      state.emit(source, STORY);
    },

    /* Leave the story: the filters as they were when it began. */
    leaveStory: function (source) {
      if (!state.story) return;
      state.story = null;
      if (state.before) state.filters = state.before;
      state.before = null;
      state.selected = null;
      state.recount();
      state.newEntry = true;
      state.emit(source, STORY);
    },

    /* The step being told: {story, step, at (from 0), of (how many), events (indices)}, or null. */
    step: function () {
      if (!state.story) return null;
      var story = T.data().stories[state.story.id];
      var step = story.steps[state.story.step];
      return { story: story, step: step, at: state.story.step, of: story.steps.length, events: step.events };
    },

    /* The filters as a test of one event (its index): 0 fails, 1 passes
     * but for the dates, 2 passes. Made of lookups by the block's codes
     * (a category's index, a place's row, a date's row), so the test reads
     * a few typed arrays (data.columns) and no event object; the search
     * is one pass over each text column (searchHits). */
    compile: function () {
      var f = state.filters;
      var data = T.data();
      var E = data.columns.events;
      var category = E.category.array;
      var loc = E.loc.array, date = E.date.array, end = E.end_date.array;
      var categories = null;
      if (f.category) {
        categories = data.categories.map(function (c) { return f.category.indexOf(c.id) >= 0; });
      }
      var countries = lookup(f.country);
      var placeIn = null;
      if (countries) {
        placeIn = Uint8Array.from(data.placeRows, function (p) { return anyIn(p.countries, countries) ? 1 : 0; });
      }
      var perpetrators = lookup(f.perpetrator);
      var group = null, groupIn = null;
      if (perpetrators) {
        var g = E.perpetrator_group;
        group = g.index || null; // by the column's code, or (a column of texts) by event
        groupIn = (g.index ? g.values : g.all()).map(function (v) { return v != null && perpetrators[v] === true; });
      }
      // (a NUL, which the folded texts hold between texts, is no part of a word)
      var words = f.q ? T.fold(f.q).split("\u0000").join(" ").split(/\s+/).filter(Boolean) : [];
      state.partial = false;
      var hits = words.length ? searchHits(words) : null;
      var lastBefore = null, startAfter = null;
      if (f.from) lastBefore = Uint8Array.from(data.dateRows, function (d) { return d.end < f.from ? 1 : 0; });
      if (f.to) startAfter = Uint8Array.from(data.dateRows, function (d) { return d.start > f.to ? 1 : 0; });
      return function (ev, i) {
        if (categories && !categories[category[i]]) return 0;
        if (placeIn) {
          if (loc[i] >= 0 ? !placeIn[loc[i]] : !anyIn(data.events[i].countries, countries)) return 0;
        }
        if (groupIn && !groupIn[group ? group[i] : i]) return 0;
        if (hits && !hits[i]) return 0;
        if (lastBefore && lastBefore[end[i] >= 0 ? end[i] : date[i]]) return 1;
        if (startAfter && startAfter[date[i]]) return 1;
        return 2;
      };
    },

    /* Does event `ev` pass every filter (but the dates, with ignoreDates)? */
    matches: function (ev, ignoreDates) {
      var passes = state.compile()(ev, T.data().byId[ev.id]);
      return ignoreDates ? passes > 0 : passes === 2;
    },

    /* Work out visible, visibleAnyDate and count for the current filters. */
    recount: function () {
      var n = T.data().events.length;
      var test = state.compile();
      var visible = new Uint8Array(n);
      var anyDate = new Uint8Array(n);
      var count = 0;
      for (var i = 0; i < n; i++) {
        var passes = test(null, i);
        if (passes > 0) anyDate[i] = 1;
        if (passes === 2) {
          visible[i] = 1;
          count++;
        }
      }
      state.visible = visible;
      state.visibleAnyDate = anyDate;
      state.count = count;
    },

    isFiltered: function () {
      var f = state.filters;
      return !!(f.category || f.country || f.perpetrator || f.from || f.to || f.q);
    },

    readHash: function () {
      var hash = decodeURIComponent(window.location.hash.replace(/^#/, ""));
      var filters = emptyFilters();
      var selected = null;
      var story = null;
      var step = 0;
      if (hash && hash.indexOf("=") < 0) {
        selected = hash;
      } else if (hash) {
        hash.split("&").forEach(function (pair) {
          var at = pair.indexOf("=");
          var key = pair.slice(0, at);
          var value = pair.slice(at + 1);
          if (KEYS.indexOf(key) < 0 || !value) return;
          if (key === "event") selected = value;
          else if (key === "story") story = value;
          else if (key === "step") step = Math.max(0, (parseInt(value, 10) || 1) - 1);
          else if (key === "from" || key === "to" || key === "q") filters[key] = value;
          else filters[key] = value.split(",");
        });
      }
      state.filters = filters;
      state.selected = selected && T.data().byId[selected] !== undefined ? selected : null;
      if (story === null || !toStep(story, step)) state.story = null;
      state.recount();
    },

    hashFor: function () {
      var f = state.filters;
      var now = state.step();
      if (!state.isFiltered() && !now) return state.selected ? "#" + encodeURIComponent(state.selected) : "";
      var parts = [];
      if (now) parts.push("story=" + encodeURIComponent(now.story.id), "step=" + (now.at + 1));
      ["category", "country", "perpetrator"].forEach(function (key) {
        if (f[key]) parts.push(key + "=" + f[key].map(encodeURIComponent).join(","));
      });
      ["from", "to", "q"].forEach(function (key) {
        if (f[key]) parts.push(key + "=" + encodeURIComponent(f[key]));
      });
      if (state.selected) parts.push("event=" + encodeURIComponent(state.selected));
      return "#" + parts.join("&");
    },

    writeHash: function () {
      var hash = state.hashFor();
      if (hash === window.location.hash || (!hash && !window.location.hash)) return;
      var url = window.location.href.replace(/#.*$/, "") + hash;
      var push = state.newEntry;
      state.newEntry = false;
      try {
        if (push) window.history.pushState(null, "", url);
        else window.history.replaceState(null, "", url);
      } catch {
        /* Some browsers refuse replaceState on file: pages; the hash then stays as it was. */
      }
    }
  };

  /* Be at step `step` (from 0, kept within the story) of story `id`, keeping
   * the filters as they are on entering it; false (and nothing changed)
   * when there is no such story. */
  function toStep(id, step) {
    var stories = T.data().stories || [];
    var at = stories.findIndex(function (s) { return s.id === id; });
    if (at < 0) return false;
    if (!state.story) state.before = JSON.parse(JSON.stringify(state.filters));
    state.story = { id: at, step: Math.max(0, Math.min(stories[at].steps.length - 1, step || 0)) };
    return true;
  }

  /* A list of wanted values as a lookup object, or null for no filter. */
  function lookup(list) {
    if (!list) return null;
    var set = Object.create(null);
    list.forEach(function (value) {
      set[value] = true;
    });
    return set;
  }

  /* Does the list of country codes hold one of `wanted` (a lookup)? */
  function anyIn(codes, wanted) {
    for (var c = 0; c < codes.length; c++) if (wanted[codes[c]] === true) return true;
    return false;
  }

  /* The search: each word must be in the event's title, summary, place or
   * the name of the place it is shown at, the query and the texts folded
   * alike (common.js makeFold, T.fold): case folded; accents and other marks
   * dropped (NFD: "Kérman" is "kerman", Cyrillic ё is е, but й stays й);
   * ß, ı, ł, ø and đ as ss, i, l, o and d; the letters Arabic-script
   * languages write in more than one form as one (as timeline/placenames.py
   * LETTER_FORMS: Arabic ي ى and Urdu ے as Persian ی, Arabic ك as ک, ة ە ہ ھ
   * as ه, the alefs with hamza or madda and alef wasla as ا, waw and yeh
   * with hamza as و and ی); Arabic-Indic and Persian digits as 0-9; and not
   * counted: vowel signs (harakat), Hebrew points, tatweel, soft hyphen,
   * ZWNJ, ZWJ and the marks that set direction. Each of
   * those columns is folded once (column.prepare: a piece at a time, in the
   * search worker, sent while the browser is idle after the page starts),
   * and a word is looked for along it (column.search); a search before
   * then is answered at once from the bytes and made again once they are. */
  var TEXTS = ["title", "summary", "place"];
  function searched(data) {
    var E = data.columns.events;
    return TEXTS.map(function (name) { return E[name]; }).concat([data.columns.places.name]).map(function (c) {
      return c.search ? c : NOTHING; // a table with no place: an empty column of numbers
    });
  }
  var NOTHING = { search: function () { return true; }, prepare: function () { return true; } };

  /* 1 for each event that holds every word. */
  function searchHits(words) {
    var data = T.data();
    var n = data.events.length;
    var columns = searched(data);
    var loc = data.columns.events.loc.array;
    var all = null;
    var whole = true; // false: a first answer, before the texts are folded (column.search)
    words.forEach(function (word) {
      var has = new Uint8Array(n);
      TEXTS.forEach(function (name, k) { if (columns[k].search(word, has) === false) whole = false; });
      var places = new Uint8Array(data.placeRows.length);
      if (columns[TEXTS.length].search(word, places) === false) whole = false;
      for (var i = 0; i < n; i++) if (loc[i] >= 0 && places[loc[i]]) has[i] = 1;
      if (all) for (i = 0; i < n; i++) all[i] &= has[i];
      else all = has;
    });
    state.partial = !whole;
    if (!whole) completeSearch();
    return all;
  }

  /* A search answered before its texts were folded is made again once they
   * are (in the worker, handed every piece now; where there is none, here),
   * and the views follow. */
  var completing = false;
  function completeSearch() {
    if (completing) return;
    completing = true;
    var columns = searched(T.data());
    (function check() {
      var done = true;
      columns.forEach(function (c) { if (!c.prepare(function () { return true; })) done = false; });
      if (!done) {
        window.setTimeout(check, 50);
        return;
      }
      completing = false;
      if (!state.partial) return;
      state.recount();
      state.emit("search", FILTERS);
    })();
  }

  var texts = false; // whether every column the search reads is folded

  state.prepareSearch = function () {
    if (state.preparing) return;
    state.preparing = true;
    var later = window.requestIdleCallback || function (work) {
      return window.setTimeout(function () { work({ timeRemaining: function () { return 10; } }); }, 50);
    };
    var columns = searched(T.data());
    function work(deadline) {
      var more = function () { return deadline.timeRemaining() > 4; };
      var done = true;
      columns.forEach(function (c) { if (!c.prepare(more)) done = false; });
      if (done) texts = true;
      else later(work);
    }
    later(work);
  };

  /* Whether every search text is made (by the idle work and the worker). */
  state.searchReady = function () {
    return texts || searched(T.data()).every(function (c) { return c.prepare(function () { return false; }); });
  };

  T.state = state;

  /* Start from the URL's hash, and follow it when the reader edits it. */
  T.state.start = function () {
    if (state.started) return;
    state.started = true;
    // The search's texts, folded from now on (in a worker; a million events'
    // are a second of its work, the page's a few milliseconds at a time when idle).
    if (document.getElementById("filters")) state.prepareSearch();
    state.readHash();
    window.addEventListener("hashchange", function () {
      if (window.location.hash === state.hashFor()) return;
      state.readHash();
      state.emit("hash", BOTH);
    });
  };
})();
