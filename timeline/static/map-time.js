/* The map's time slider, as Timeline.mapTime: show the events up to a date,
 * or play through them. It reports the date chosen (null: all dates) and
 * follows the shared "to" filter when something else sets it.
 *
 * The keys step by a unit fit to the span (a day, a month, a year or a
 * decade; Page Up and Page Down by a larger one), each step to the last day
 * of a unit, and the label says the date as precisely as the step ("Up to
 * Jun 2003"). Play goes from one event's date to the next (playSteps),
 * evenly paced, so no time is spent on empty years.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;
  var DAY = 86400000;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var PLAY_STEPS = 240; // at most this many steps in a play
  var PLAY_TIME = 6000; // a play takes about this long, in ms,
  var STEP_MIN = 120; // its steps no shorter than this,
  var STEP_MAX = 800; // nor longer than this

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

  /* A unit of time: how many months (0: days) and its name. */
  var UNITS = {
    day: { months: 0, page: 7, pageSaid: "a week" },
    month: { months: 1, page: 12, pageSaid: "a year" },
    year: { months: 12, page: 10, pageSaid: "a decade" },
    decade: { months: 120, page: 10, pageSaid: "a century" }
  };

  /* The unit the keys step by over `days`: about a few hundred steps at most. */
  function unitFor(days) {
    if (days <= 120) return "day";
    if (days <= 12 * 366) return "month";
    if (days <= 150 * 366) return "year";
    return "decade";
  }

  /* The last day (a time) of the unit holding time t. */
  function unitEnd(t, unit) {
    if (unit === "day") return Math.floor(t / DAY) * DAY;
    var d = new Date(t);
    var months = UNITS[unit].months;
    var index = d.getUTCFullYear() * 12 + d.getUTCMonth();
    var next = (Math.floor(index / months) + 1) * months; // first month of the next unit
    return Date.UTC(Math.floor(next / 12), next % 12, 1) - DAY;
  }

  /* The last day of the unit `n` units after (n < 0: before) the one holding t. */
  function stepFrom(t, unit, n) {
    var end = unitEnd(t, unit);
    if (n > 0) {
      if (end > t) n--; // from within a unit, its end is the first step
      for (var i = 0; i < n; i++) end = unitEnd(end + DAY, unit);
    } else {
      for (var j = 0; j < -n; j++) end = unitEnd(startOf(end, unit) - DAY, unit);
    }
    return end;
  }

  function startOf(end, unit) {
    if (unit === "day") return end;
    var d = new Date(end);
    var index = d.getUTCFullYear() * 12 + d.getUTCMonth() + 1 - UNITS[unit].months;
    return Date.UTC(Math.floor(index / 12), index % 12, 1);
  }

  /* Day t as precisely as `precision` ("day", "month", "year"; a decade's
   * end is said as its year). */
  function sayDate(t, precision) {
    var d = new Date(t);
    var year = String(d.getUTCFullYear());
    if (precision === "year" || precision === "decade") return year;
    if (precision === "month") return MONTHS[d.getUTCMonth()] + " " + year;
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + year;
  }

  /* The steps of a play, made when first played: in order of the placed
   * events' dates, a step to the last day of each next date not yet shown
   * (an event known to the month shows through that month's end), said as
   * precisely as that date ("Up to Aug 2021"); so each step shows more
   * events. At most PLAY_STEPS: past that, each adds an even share of them. */
  function playSteps(events) {
    var dates = [];
    events.forEach(function (ev) {
      if (ev.loc) dates.push(ev.date);
    });
    dates.sort(function (a, b) { return a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? 1 : a.end > b.end ? -1 : 0; });
    var steps = []; // {end, precision, count}
    dates.forEach(function (date) {
      var last = steps[steps.length - 1];
      if (last && date.start <= last.end) return void last.count++;
      steps.push({ end: date.end, precision: date.precision, count: 1 });
    });
    if (steps.length > PLAY_STEPS) {
      var share = dates.length / PLAY_STEPS;
      var seen = 0;
      var next = share;
      steps = steps.filter(function (step, i) {
        seen += step.count;
        if (seen < next && i < steps.length - 1) return false;
        while (next <= seen) next += share;
        return true;
      });
    }
    return steps.map(function (step) {
      var time = Date.parse(step.end);
      return { time: time, text: sayDate(time, step.precision) };
    });
  }

  /* The slider control for `data`; onChange(to) gets the ISO day chosen, or null for all. */
  function control(data, onChange) {
    var range = span(data.events);
    var min = range.min;
    var max = range.max;
    var unit = unitFor((max - min) / DAY);
    var first = unitEnd(min, unit);
    var control = L.control({ position: "bottomleft" });
    var slider, label, play, timer = null, steps = null;
    var chosen = null; // the value last chosen here, and how it was said

    /* Show `value`, said as `text` (by default: as precisely as a day). */
    function show(value, text) {
      slider.value = String(Math.round((value - min) / DAY));
      var words = value >= max ? "All dates" : "Up to " + (text || sayDate(value, "day"));
      label.textContent = words;
      slider.setAttribute("aria-valuetext", words);
    }

    function choose(value, text) {
      chosen = { value: value, text: text };
      show(value, text);
      onChange(value >= max ? null : isoDay(value));
    }

    function current() {
      return min + Number(slider.value) * DAY;
    }

    /* A key moves by a unit (arrows) or a page of them, or to either end. */
    function key(e) {
      var n = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: UNITS[unit].page, PageDown: -UNITS[unit].page }[e.key];
      var value;
      if (e.key === "Home") value = first;
      else if (e.key === "End") value = max;
      else if (n === undefined) return;
      else value = stepFrom(current(), unit, n);
      e.preventDefault();
      if (timer) stop();
      value = Math.max(first, value);
      choose(value, value >= max ? null : sayDate(value, unit));
    }

    function stop() {
      window.clearTimeout(timer);
      timer = null;
      play.textContent = "▶";
      play.setAttribute("aria-label", "Play through the events");
    }

    /* Play from the first event's date after the one shown (from the start
     * when all are shown), a step to each next date, then all dates. */
    function start() {
      steps = steps || playSteps(data.events);
      var now = current();
      var i = 0;
      if (now < max) while (i < steps.length && steps[i].time <= now) i++;
      var pace = Math.max(STEP_MIN, Math.min(STEP_MAX, PLAY_TIME / Math.max(1, steps.length)));
      play.textContent = "❚❚";
      play.setAttribute("aria-label", "Pause");
      function tick() {
        if (i < steps.length) {
          choose(Math.min(max, steps[i].time), steps[i].text);
          i++;
          timer = window.setTimeout(tick, pace);
        } else {
          choose(max);
          stop();
        }
      }
      tick();
    }

    control.onAdd = function () {
      var box = el("div", "time-control");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Show events up to a date");
      play = el("button", "time-play", "▶");
      play.type = "button";
      play.setAttribute("aria-label", "Play through the events");
      slider = el("input", "time-slider");
      slider.type = "range";
      slider.min = "0";
      slider.max = String(Math.round((max - min) / DAY));
      slider.step = "1";
      slider.setAttribute("aria-label", "Show events up to this date");
      slider.title = "Arrow keys: a " + unit + " at a time; Page Up and Page Down: " + UNITS[unit].pageSaid;
      slider.dataset.unit = unit;
      label = el("span", "time-label");
      label.setAttribute("aria-hidden", "true"); // the slider says it (aria-valuetext)
      box.appendChild(play);
      box.appendChild(slider);
      box.appendChild(label);
      show(max);
      slider.addEventListener("input", function () {
        if (timer) stop();
        choose(current());
      });
      slider.addEventListener("keydown", key);
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
      var value = to ? Math.min(max, Date.parse(to)) : max;
      show(value, chosen && chosen.value === value ? chosen.text : null);
    };
    return control;
  }

  T.mapTime = { control: control, unitFor: unitFor, unitEnd: unitEnd, stepFrom: stepFrom, playSteps: playSteps };
})();
