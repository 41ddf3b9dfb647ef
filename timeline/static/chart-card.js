/* The chart's event card: the card every view shows (T.card), shown by the
 * pointer on hover, pinned with a close button on click, placed beside the
 * pointer and kept inside the window; Escape closes it. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;

  /* Put `tip` beside the point (x, y), on its right unless it would leave the
   * window there, and never past the window's edges. */
  function place(tip, x, y) {
    var margin = 12;
    var width = tip.offsetWidth;
    var height = tip.offsetHeight;
    var left = x + margin + width > window.innerWidth ? x - width - margin : x + margin;
    var top = Math.min(Math.max(margin, y - height / 2), window.innerHeight - height - margin);
    tip.style.left = Math.max(margin, left) + "px";
    tip.style.top = Math.max(margin, top) + "px";
  }

  /* A card for the events of `data`, added to the page, hidden:
   * show(index, x, y, pin), hide(), isPinned(), and its element, tip. */
  T.chartCard = function (data) {
    var tip = el("div", "chart-card");
    tip.hidden = true;
    tip.setAttribute("role", "dialog");
    tip.setAttribute("aria-label", "Event details");
    document.body.appendChild(tip);
    var pinned = false;

    function show(index, x, y, pin) {
      tip.replaceChildren();
      if (pin) {
        var close = el("button", "chart-card-close", "×");
        close.type = "button";
        close.setAttribute("aria-label", "Close");
        close.addEventListener("click", hide);
        tip.appendChild(close);
      }
      tip.appendChild(T.card(data.events[index], data));
      tip.classList.toggle("pinned", !!pin);
      tip.hidden = false;
      place(tip, x, y);
      pinned = !!pin;
    }

    function hide() {
      tip.hidden = true;
      pinned = false;
    }

    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") hide();
    });
    return { tip: tip, show: show, hide: hide, isPinned: function () { return pinned; } };
  };
})();
