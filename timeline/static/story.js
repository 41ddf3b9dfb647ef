/* The story (data.stories, from story.csv): a "Story" button in the filter
 * bar opens a panel under the bar (at the foot of a phone's screen) that
 * tells it step by step: the step's title and text,
 * "3 of 8", previous and next (buttons, the arrow keys, a swipe on a phone).
 * Each step is a state change (state.openStory): the map frames the step's
 * events, the timeline shows their dates, both ring them, the table marks
 * their rows. A step whose events a filter hides says so,
 * with a button that clears the filters. Leaving the story (×, Escape) gives
 * back the filters the reader had. index.html only.
 *
 * On a right-to-left page the steps go the reader's way: "previous" points
 * right and "next" left, as do the arrow keys and a swipe.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var PHONE = "(max-width: 640px)"; // as style.css lays the page out for a phone
  var SWIPE = 50; // pixels across, more than down, for a swipe to turn the step

  /* The table's words in a line of ours (an attribute: no <bdi> there),
   * isolated (U+2068…U+2069) where they could reorder it, as print.js does. */
  function isolate(text) {
    return T.rtl || /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/.test(text) ? "\u2068" + text + "\u2069" : text;
  }

  /* The arrows towards the previous and the next step: the reader's way. */
  function arrows() {
    return T.rtl ? { back: "→", on: "←" } : { back: "←", on: "→" };
  }

  function panel() {
    var e = T.escape;
    var a = arrows();
    var box = T.el("section", "story-panel");
    box.setAttribute("aria-label", T._("Story"));
    box.hidden = true;
    box.innerHTML =
      '<div class="story-head"><span class="story-name">' + e(T._("Story")) + '</span><span class="story-count" aria-live="polite"></span>' +
      '<button type="button" class="story-prev" title="' + e(T._("Previous step ({key})", { key: a.back })) + '">' + a.back + " " + e(T._("Previous")) + "</button>" +
      '<button type="button" class="story-next" title="' + e(T._("Next step ({key})", { key: a.on })) + '">' + e(T._("Next")) + " " + a.on + "</button>" +
      '<button type="button" class="story-close" aria-label="' + e(T._("Leave the story")) + '" title="' + e(T._("Leave the story (Escape)")) + '">×</button></div>' +
      '<h2 class="story-title" tabindex="-1" dir="auto"></h2><p class="story-text" dir="auto"></p>' +
      '<p class="story-hidden" hidden><span></span> <button type="button" class="story-clear">' + e(T._("Clear filters")) + "</button></p>";
    return box;
  }

  /* The step's events that the filters hide. */
  function hidden(now, state) {
    return now.events.filter(function (i) { return !state.visible[i]; });
  }

  function show(box, state) {
    var now = state.step();
    box.hidden = !now;
    document.body.classList.toggle("in-story", !!now);
    if (!now) return;
    var q = function (sel) { return box.querySelector(sel); };
    // TRANSLATORS: a story's step: "3 of 8".
    q(".story-count").textContent = T._("{n} of {total}", { n: T.whole(now.at + 1), total: T.whole(now.of) });
    var title = q(".story-title");
    var changed = box.dataset.step !== now.story.id + ":" + now.at;
    box.dataset.step = now.story.id + ":" + now.at;
    title.textContent = now.step.title;
    q(".story-text").textContent = now.step.text;
    q(".story-prev").disabled = now.at === 0;
    q(".story-next").disabled = now.at === now.of - 1;
    var off = hidden(now, state);
    var note = q(".story-hidden");
    note.hidden = off.length === 0;
    if (off.length) {
      note.firstChild.textContent = off.length === now.events.length
        ? T.n_("This step's event is hidden by a filter.", "This step's events are hidden by a filter.", off.length)
        : T._("{n} of this step's {total} events are hidden by a filter.", { n: T.whole(off.length), total: T.whole(now.events.length) });
    }
    if (!changed) return;
    if (document.activeElement === document.body) title.focus({ preventScroll: true });
    // A phone's panel is at the foot of the screen: bring the map to the top, above it.
    var map = document.querySelector(".map-frame");
    if (map && window.matchMedia(PHONE).matches) map.scrollIntoView({ block: "start" });
  }

  function turn(state, by) {
    var now = state.step();
    if (!now) return;
    var to = now.at + by;
    if (to < 0 || to >= now.of) return;
    state.openStory(now.story.id, to, "story");
  }

  function listen(box, state) {
    box.querySelector(".story-prev").addEventListener("click", function () { turn(state, -1); });
    box.querySelector(".story-next").addEventListener("click", function () { turn(state, 1); });
    box.querySelector(".story-close").addEventListener("click", function () { state.leaveStory("story"); });
    box.querySelector(".story-clear").addEventListener("click", function () { state.clearFilters("story"); });
    document.addEventListener("keydown", function (e) {
      if (!state.story || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      var target = e.target;
      if (target && target.matches && target.matches("input, textarea, select, [contenteditable]")) return;
      // The map and the time slider have arrow keys of their own.
      if (target && target.closest && target.closest(".leaflet-container, .time-slider, .js-plotly-plot")) return;
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
        turn(state, (e.key === "ArrowRight") !== T.rtl ? 1 : -1);
        e.preventDefault();
      } else if (e.key === "Escape" && !document.querySelector(".leaflet-popup")) {
        state.leaveStory("story");
      }
    });
    var start = null;
    box.addEventListener("touchstart", function (e) {
      start = e.touches.length === 1 ? [e.touches[0].clientX, e.touches[0].clientY] : null;
    }, { passive: true });
    box.addEventListener("touchend", function (e) {
      if (!start || !e.changedTouches.length) return;
      var dx = e.changedTouches[0].clientX - start[0];
      var dy = e.changedTouches[0].clientY - start[1];
      start = null;
      if (Math.abs(dx) > SWIPE && Math.abs(dx) > 2 * Math.abs(dy)) turn(state, (dx < 0) !== T.rtl ? 1 : -1);
    });
  }

  T.story = {
    /* The "Story" button (in `bar`, the filter bar) and the panel, when the data has a story. */
    render: function (bar, data, state) {
      var stories = data.stories || [];
      if (!stories.length) return;
      var box = panel();
      bar.parentNode.appendChild(box); // under the filter bar, sticky with it
      stories.forEach(function (story) {
        var open = T.el("button", "story-open");
        open.type = "button";
        open.textContent = "▶ " + T._("Story") + (stories.length > 1 ? ": " : "");
        if (stories.length > 1) open.appendChild(T.bdi(story.title));
        open.title = T.n_("Tell “{title}” step by step ({n} step)", "Tell “{title}” step by step ({n} steps)", story.steps.length, {
          title: isolate(story.title)
        });
        open.addEventListener("click", function () { state.openStory(story.id, 0, "story"); });
        bar.insertBefore(open, bar.firstChild);
      });
      listen(box, state);
      state.on(function () { show(box, state); });
      show(box, state);
    }
  };
})();
