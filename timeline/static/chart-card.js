/* The chart's event card: on hover, a short card (title, date, place, the
 * deaths and the injured in the sources' words, "click for sources"); on
 * click, pinned with a close button, the card every view shows (T.card),
 * with every source. Placed beside the event's marker, never over it, and
 * kept inside the window. A pinned card follows the selection, wherever it
 * was made (map, table, URL, keyboard): it shows the newly selected event
 * beside its marker, or closes when that is not on the chart, or nothing is
 * selected; Escape closes it. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;
  var MARGIN = 10;

  /* Where `tip` goes beside the marker at `at` ({x, y, r}, window pixels):
   * right of it, else left, else below, else above: the first side where it
   * fits the window; along that side, centred on the marker as far as the
   * window allows. Null where it fits on no side. */
  function side(tip, at) {
    var w = tip.offsetWidth;
    var h = tip.offsetHeight;
    var W = window.innerWidth;
    var H = window.innerHeight;
    var gap = at.r + MARGIN;
    var clampX = function (x) { return Math.min(Math.max(MARGIN, x), W - w - MARGIN); };
    var clampY = function (y) { return Math.min(Math.max(MARGIN, y), H - h - MARGIN); };
    if (at.x + gap + w + MARGIN <= W) return { left: at.x + gap, top: clampY(at.y - h / 2) };
    if (at.x - gap - w >= MARGIN) return { left: at.x - gap - w, top: clampY(at.y - h / 2) };
    if (at.y + gap + h + MARGIN <= H) return { left: clampX(at.x - w / 2), top: at.y + gap };
    if (at.y - gap - h >= MARGIN) return { left: clampX(at.x - w / 2), top: at.y - gap - h };
    return null;
  }

  /* Put `tip` beside the marker at `at`; where it fits on no side (a tall
   * card on a phone), below or above the marker, where there is more room,
   * made as short as that room (it scrolls). */
  function place(tip, at) {
    tip.style.maxHeight = "";
    var where = at ? side(tip, at) : { left: MARGIN, top: MARGIN };
    if (!where) {
      var below = window.innerHeight - (at.y + at.r + 2 * MARGIN);
      var above = at.y - at.r - 2 * MARGIN;
      tip.style.maxHeight = Math.max(below, above) + "px";
      var h = tip.offsetHeight;
      var left = Math.min(Math.max(MARGIN, at.x - tip.offsetWidth / 2), window.innerWidth - tip.offsetWidth - MARGIN);
      where = { left: left, top: below >= above ? at.y + at.r + MARGIN : at.y - at.r - MARGIN - h };
    }
    tip.style.left = Math.max(MARGIN, where.left) + "px";
    tip.style.top = Math.max(MARGIN, where.top) + "px";
  }

  /* One line of the short card: "Killed: at least 139 — Vox", unknown as unknown. */
  function line(term, value) {
    var p = el("p", "brief-line");
    p.appendChild(el("span", "brief-term", T._("{term}: ", { term: term })));
    var said = value ? el("span", null, value) : T.unknown();
    if (value) said.dir = "auto"; // a source's or the table's words, isolated from ours
    p.appendChild(said);
    return p;
  }

  /* The short card of one event, for hover. */
  function brief(ev, data) {
    var category = data.categories[ev.category];
    var card = el("article", "event-card brief");
    card.setAttribute("data-event-id", ev.id);
    var title = el("h3", "card-title");
    title.appendChild(T.swatch(category.color));
    title.appendChild(T.bdi(ev.title));
    card.appendChild(title);
    card.appendChild(line(T._("Date"), T.dateSaid(ev)));
    card.appendChild(line(T._("Place"), T.said(ev, "place") || (ev.loc && ev.loc.name)));
    card.appendChild(line(T._("Killed"), T.said(ev, "killed")));
    card.appendChild(line(T._("Injured"), T.said(ev, "injured")));
    card.appendChild(el("p", "brief-hint", T._("Click for sources and details")));
    return card;
  }

  /* Is the marker at `at` in the window? */
  function inWindow(at) {
    return !!at && at.x >= 0 && at.x <= window.innerWidth && at.y >= 0 && at.y <= window.innerHeight;
  }

  /* A card for the events of `data`, added to the page, hidden:
   * show(index, at, pin), hide(), follow(index), isPinned(), and its
   * element, tip. `at`: the marker's centre and radius in window pixels;
   * locate(index): an event's `at`, null when it is not on the chart now. */
  T.chartCard = function (data, locate) {
    var tip = el("div", "chart-card");
    tip.hidden = true;
    tip.setAttribute("role", "dialog");
    tip.setAttribute("aria-label", T._("Event details"));
    document.body.appendChild(tip);
    var pinned = false;
    var shown = null;

    function show(index, at, pin) {
      tip.replaceChildren();
      if (pin) {
        var close = el("button", "chart-card-close", "×");
        close.type = "button";
        close.setAttribute("aria-label", T._("Close"));
        close.addEventListener("click", hide);
        tip.appendChild(close);
      }
      var ev = data.events[index];
      tip.appendChild(pin ? T.card(ev, data) : brief(ev, data));
      tip.classList.toggle("pinned", !!pin);
      tip.classList.toggle("brief", !pin);
      tip.dataset.eventId = ev.id;
      tip.hidden = false;
      place(tip, at);
      pinned = !!pin;
      shown = index;
    }

    function hide() {
      tip.hidden = true;
      pinned = false;
      shown = null;
    }

    /* The selection is now event `index` (null or undefined: none): a
     * pinned card shows it beside its marker, or closes when the marker is
     * not on the chart or not in the window (the card is never left over
     * the table or the map). */
    function follow(index) {
      if (!pinned) return;
      var at = index === null || index === undefined ? null : locate(index);
      if (!inWindow(at)) hide();
      else if (index === shown) place(tip, at);
      else show(index, at, true);
    }

    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") hide();
    });
    var again = function () { if (pinned) follow(shown); };
    window.addEventListener("scroll", again, { passive: true });
    window.addEventListener("resize", again);
    return { tip: tip, show: show, hide: hide, follow: follow, isPinned: function () { return pinned; } };
  };
})();
