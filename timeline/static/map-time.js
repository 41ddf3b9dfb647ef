/* The map's time slider, as Timeline.mapTime: show the events up to a date,
 * or play through them. It reports the date chosen (null: all dates) and
 * follows the shared "to" filter when something else sets it.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;
  var DAY = 86400000;

  /* The first day any event begins and the last day any may cover, as times.
   * Dates are ISO (YYYY-MM-DD), so the earliest and latest sort first and
   * last as text: only those two are parsed. */
  function span(events) {
    var first = null;
    var last = null;
    for (var i = 0; i < events.length; i++) {
      var start = events[i].date.start;
      var end = events[i].last;
      if (first === null || start < first) first = start;
      if (last === null || end > last) last = end;
    }
    return { min: Date.parse(first), max: Date.parse(last) };
  }

  function isoDay(value) {
    return new Date(value).toISOString().slice(0, 10);
  }

  /* The slider control for `data`; onChange(to) gets the ISO day chosen, or null for all. */
  function control(data, onChange) {
    var range = span(data.events);
    var min = range.min;
    var max = range.max;
    var control = L.control({ position: "bottomleft" });
    var slider, label, play, timer = null;

    function show(value) {
      slider.value = String(Math.round((value - min) / DAY));
      label.textContent = value >= max ? "All dates" : "Up to " + isoDay(value);
    }

    function choose(value) {
      show(value);
      onChange(value >= max ? null : isoDay(value));
    }

    function stop() {
      window.clearInterval(timer);
      timer = null;
      play.textContent = "▶";
      play.setAttribute("aria-label", "Play through time");
    }

    function start() {
      var value = Number(slider.value) >= Number(slider.max) ? min : min + Number(slider.value) * DAY;
      var step = Math.max(DAY, (max - min) / 120);
      play.textContent = "❚❚";
      play.setAttribute("aria-label", "Pause");
      timer = window.setInterval(function () {
        value = Math.min(max, value + step);
        choose(value);
        if (value >= max) stop();
      }, 100);
    }

    control.onAdd = function () {
      var box = el("div", "time-control");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Show events up to a date");
      play = el("button", "time-play", "▶");
      play.type = "button";
      play.setAttribute("aria-label", "Play through time");
      slider = el("input", "time-slider");
      slider.type = "range";
      slider.min = "0";
      slider.max = String(Math.round((max - min) / DAY));
      slider.step = "1";
      slider.setAttribute("aria-label", "Show events up to this date");
      label = el("span", "time-label");
      box.appendChild(play);
      box.appendChild(slider);
      box.appendChild(label);
      show(max);
      slider.addEventListener("input", function () {
        choose(min + Number(slider.value) * DAY);
      });
      play.addEventListener("click", function () {
        if (timer) stop();
        else start();
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };

    /* The "to" filter changed: move the slider there, unless it is playing. */
    control.follow = function (to) {
      if (timer || !slider) return;
      show(to ? Math.min(max, Date.parse(to)) : max);
    };
    return control;
  }

  T.mapTime = { control: control };
})();
