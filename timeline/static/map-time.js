/* The map's time slider, as Timeline.mapTime: show the events up to a date,
 * or play through them. It reports the date chosen (null: all dates) and
 * follows the shared "to" filter when something else sets it.
 *
 * The keys step by a unit fit to the span (a day, a month, a year or a
 * decade; Page Up and Page Down by a larger one), each step to the last day
 * of a unit, and the label says the date as precisely as the step ("Up to
 * Jun 2003"). Play goes from one event's date to the next (playSteps),
 * evenly paced, so no time is spent on empty years.
 *
 * Dates are said in the page's language (the browser's CLDR data, in the
 * Gregorian calendar and the language's digits, as timeline/language.py
 * writes them); English ones as they always were. On a right-to-left page
 * the slider still runs left to right in time, as the timeline's axis does
 * (a documented choice: one direction of time in every view); its label
 * reads right to left.
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

  /* A unit of time: how many months (0: days), and how many units a page is. */
  var UNITS = {
    day: { months: 0, page: 7 },
    month: { months: 1, page: 12 },
    year: { months: 12, page: 10 },
    decade: { months: 120, page: 10 }
  };

  /* What the keys do, stepping by `unit`. */
  function keysSaid(unit) {
    if (unit === "day") return T._("Arrow keys: a day at a time; Page Up and Page Down: a week");
    if (unit === "month") return T._("Arrow keys: a month at a time; Page Up and Page Down: a year");
    if (unit === "year") return T._("Arrow keys: a year at a time; Page Up and Page Down: a decade");
    return T._("Arrow keys: a decade at a time; Page Up and Page Down: a century");
  }

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
    if (T.lang !== "en") return localDate(d, precision);
    if (precision === "year" || precision === "decade") return year;
    if (precision === "month") return MONTHS[d.getUTCMonth()] + " " + year;
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + year;
  }

  /* The language's digits for 0-9 ("۰".."۹" in Persian), from the browser's CLDR data. */
  var digitsOf = null;
  function digits(text) {
    if (!digitsOf) {
      var f = new Intl.NumberFormat(T.lang, { useGrouping: false });
      digitsOf = [];
      for (var i = 0; i < 10; i++) digitsOf.push(f.format(i));
    }
    return String(text).replace(/[0-9]/g, function (c) { return digitsOf[Number(c)]; });
  }

  /* Day d in the page's language: "26 авг. 2021 г.", "۲۶ اوت ۲۰۲۱"; a month
   * as "авг. 2021 г."; a year as its digits alone, as language.date says them. */
  var formats = {};
  function localDate(d, precision) {
    if (precision === "year" || precision === "decade") return digits(d.getUTCFullYear());
    var month = precision === "month";
    var key = month ? "month" : "day";
    formats[key] = formats[key] || new Intl.DateTimeFormat(T.lang + "-u-ca-gregory", month
      ? { timeZone: "UTC", year: "numeric", month: "short" }
      : { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" });
    return digits(formats[key].format(d));
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
    var unit = unitFor((range.max - range.min) / DAY);
    var s = {
      data: data, onChange: onChange, min: range.min, max: range.max, unit: unit, first: unitEnd(range.min, unit),
      slider: null, label: null, play: null, timer: null, steps: null,
      chosen: null // the value last chosen here, and how it was said
    };
    var leaflet = L.control({ position: T.mapControls.corner("bottomleft") });
    leaflet.onAdd = function () { return build(s); };
    /* The "to" filter changed: move the slider there, unless it is playing. */
    leaflet.follow = function (to) {
      if (s.timer || !s.slider) return;
      var value = to ? Math.min(s.max, Date.parse(to)) : s.max;
      show(s, value, s.chosen && s.chosen.value === value ? s.chosen.text : null);
    };
    return leaflet;
  }

  /* The control's elements: play button, slider, label. */
  function build(s) {
    var box = el("div", "time-control");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", T._("Show events up to a date"));
    if (T.rtl) box.dir = "ltr"; // time runs left to right (see above)
    var play = (s.play = el("button", "time-play", "▶"));
    play.type = "button";
    play.setAttribute("aria-label", T._("Play through the events"));
    var slider = (s.slider = el("input", "time-slider"));
    slider.type = "range";
    slider.min = "0";
    slider.max = String(Math.round((s.max - s.min) / DAY));
    slider.step = "1";
    slider.setAttribute("aria-label", T._("Show events up to this date"));
    slider.title = keysSaid(s.unit);
    slider.dataset.unit = s.unit;
    s.label = el("span", "time-label");
    s.label.setAttribute("aria-hidden", "true"); // the slider says it (aria-valuetext)
    if (T.rtl) s.label.dir = "rtl";
    box.appendChild(play);
    box.appendChild(slider);
    box.appendChild(s.label);
    show(s, s.max);
    slider.addEventListener("input", function () {
      if (s.timer) stop(s);
      choose(s, current(s));
    });
    slider.addEventListener("keydown", function (e) { key(s, e); });
    play.addEventListener("click", function () {
      if (s.timer) stop(s);
      else start(s);
    });
    L.DomEvent.disableClickPropagation(box);
    return box;
  }

  /* Show `value`, said as `text` (by default: as precisely as a day). */
  function show(s, value, text) {
    s.slider.value = String(Math.round((value - s.min) / DAY));
    var words = value >= s.max ? T._("All dates") : T._("Up to {date}", { date: text || sayDate(value, "day") });
    s.label.textContent = words;
    s.slider.setAttribute("aria-valuetext", words);
  }

  function choose(s, value, text) {
    s.chosen = { value: value, text: text };
    show(s, value, text);
    s.onChange(value >= s.max ? null : isoDay(value));
  }

  function current(s) {
    return s.min + Number(s.slider.value) * DAY;
  }

  /* A key moves by a unit (arrows) or a page of them, or to either end. */
  function key(s, e) {
    var page = UNITS[s.unit].page;
    var n = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: page, PageDown: -page }[e.key];
    var value;
    if (e.key === "Home") value = s.first;
    else if (e.key === "End") value = s.max;
    else if (n === undefined) return;
    else value = stepFrom(current(s), s.unit, n);
    e.preventDefault();
    if (s.timer) stop(s);
    value = Math.max(s.first, value);
    choose(s, value, value >= s.max ? null : sayDate(value, s.unit));
  }

  function stop(s) {
    window.clearTimeout(s.timer);
    s.timer = null;
    s.play.textContent = "▶";
    s.play.setAttribute("aria-label", T._("Play through the events"));
  }

  /* Play from the first event's date after the one shown (from the start
   * when all are shown), a step to each next date, then all dates. */
  function start(s) {
    var steps = (s.steps = s.steps || playSteps(s.data.events));
    var now = current(s);
    var i = 0;
    if (now < s.max) while (i < steps.length && steps[i].time <= now) i++;
    var pace = Math.max(STEP_MIN, Math.min(STEP_MAX, PLAY_TIME / Math.max(1, steps.length)));
    s.play.textContent = "❚❚";
    s.play.setAttribute("aria-label", T._("Pause"));
    function tick() {
      if (i < steps.length) {
        choose(s, Math.min(s.max, steps[i].time), steps[i].text);
        i++;
        s.timer = window.setTimeout(tick, pace);
      } else {
        choose(s, s.max);
        stop(s);
      }
    }
    tick();
  }

  T.mapTime = { control: control, unitFor: unitFor, unitEnd: unitEnd, stepFrom: stepFrom, playSteps: playSteps, sayDate: sayDate };
})();
