/* What the reader has chosen: the filters and the selected event, shared by
 * every view of a page and kept in the URL's hash.
 *
 *   index.html#crocus-city-hall-2024                      one event selected
 *   index.html#category=attack,warning&from=2021-01-01&q=kabul&event=kabul-hotel-2022
 *
 * Views subscribe with Timeline.state.on(fn); fn(state, source) runs after
 * every change, where `source` names the view that made it (so a view can
 * ignore its own echo).
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});

  var KEYS = ["category", "country", "perpetrator", "from", "to", "q", "event"];

  function emptyFilters() {
    return { category: null, country: null, perpetrator: null, from: null, to: null, q: "" };
  }

  var state = {
    filters: emptyFilters(),
    selected: null,
    listeners: [],

    on: function (fn) {
      state.listeners.push(fn);
    },

    emit: function (source) {
      var work = state.listeners.map(function (fn) {
        return fn(state, source);
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
      state.emit(source);
    },

    clearFilters: function (source) {
      state.filters = emptyFilters();
      state.recount();
      state.emit(source);
    },

    select: function (id, source) {
      var data = T.data();
      state.selected = id && data.byId[id] !== undefined ? id : null;
      state.emit(source);
    },

    /* Does event `ev` pass every filter (but the dates, with ignoreDates)? */
    matches: function (ev, ignoreDates) {
      var f = state.filters;
      if (f.category && f.category.indexOf(T.data().categories[ev.category].id) < 0) return false;
      if (f.country && !ev.countries.some(function (c) { return f.country.indexOf(c) >= 0; })) return false;
      if (f.perpetrator && f.perpetrator.indexOf(ev.perpetrator_group) < 0) return false;
      if (!ignoreDates) {
        var end = ev.end_date ? ev.end_date.end : ev.date.end;
        if (f.from && end < f.from) return false;
        if (f.to && ev.date.start > f.to) return false;
      }
      if (f.q) {
        var words = f.q.toLowerCase().split(/\s+/).filter(Boolean);
        var text = (ev.title + " " + ev.summary + " " + ev.place + " " + (ev.loc ? ev.loc.name : "")).toLowerCase();
        if (!words.every(function (w) { return text.indexOf(w) >= 0; })) return false;
      }
      return true;
    },

    /* visible[i] is true when event i passes the filters; count is how many do. */
    recount: function () {
      var events = T.data().events;
      var visible = new Array(events.length);
      var count = 0;
      for (var i = 0; i < events.length; i++) {
        visible[i] = state.matches(events[i]);
        if (visible[i]) count++;
      }
      state.visible = visible;
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
      if (hash && hash.indexOf("=") < 0) {
        selected = hash;
      } else if (hash) {
        hash.split("&").forEach(function (pair) {
          var at = pair.indexOf("=");
          var key = pair.slice(0, at);
          var value = pair.slice(at + 1);
          if (KEYS.indexOf(key) < 0 || !value) return;
          if (key === "event") selected = value;
          else if (key === "from" || key === "to" || key === "q") filters[key] = value;
          else filters[key] = value.split(",");
        });
      }
      state.filters = filters;
      state.selected = selected && T.data().byId[selected] !== undefined ? selected : null;
      state.recount();
    },

    hashFor: function () {
      var f = state.filters;
      if (!state.isFiltered()) return state.selected ? "#" + encodeURIComponent(state.selected) : "";
      var parts = [];
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
      try {
        window.history.replaceState(null, "", url);
      } catch (e) {
        /* Some browsers refuse replaceState on file: pages; the hash then stays as it was. */
      }
    }
  };

  T.state = state;

  /* Start from the URL's hash, and follow it when the reader edits it. */
  T.state.start = function () {
    if (state.started) return;
    state.started = true;
    state.readHash();
    window.addEventListener("hashchange", function () {
      if (window.location.hash === state.hashFor()) return;
      state.readHash();
      state.emit("hash");
    });
  };
})();
