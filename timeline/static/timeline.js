/* The plotly timeline: draws the figure built in Python and shows an event's
 * card on hover (pinned on click), from the page's data block. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;

  function place(tip, x, y) {
    var margin = 12;
    var width = tip.offsetWidth;
    var height = tip.offsetHeight;
    var left = x + margin + width > window.innerWidth ? x - width - margin : x + margin;
    var top = Math.min(Math.max(margin, y - height / 2), window.innerHeight - height - margin);
    tip.style.left = Math.max(margin, left) + "px";
    tip.style.top = Math.max(margin, top) + "px";
  }

  T.chart = {
    /* Plot `figure` into the element with id `elementId`. */
    init: function (elementId, figure, data) {
      var node = document.getElementById(elementId);
      var tip = el("div", "chart-card");
      tip.hidden = true;
      tip.setAttribute("role", "dialog");
      document.body.appendChild(tip);
      var pinned = false;

      function show(index, x, y, pin) {
        var ev = data.events[index];
        tip.replaceChildren();
        if (pin) {
          var close = el("button", "chart-card-close", "×");
          close.type = "button";
          close.setAttribute("aria-label", "Close");
          close.addEventListener("click", hide);
          tip.appendChild(close);
        }
        tip.appendChild(T.card(ev, data));
        tip.classList.toggle("pinned", !!pin);
        tip.hidden = false;
        place(tip, x, y);
        pinned = !!pin;
      }

      function hide() {
        tip.hidden = true;
        pinned = false;
      }

      function eventIndex(points) {
        for (var i = 0; i < points.length; i++) {
          if (points[i].customdata !== undefined && points[i].customdata !== null) return points[i].customdata;
        }
        return null;
      }

      var config = {
        responsive: true,
        displaylogo: false,
        modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"]
      };
      return Plotly.newPlot(node, figure.data, figure.layout, config).then(function () {
        node.on("plotly_hover", function (e) {
          var index = eventIndex(e.points);
          if (index === null || pinned) return;
          show(index, e.event.clientX, e.event.clientY, false);
        });
        node.on("plotly_unhover", function () {
          if (!pinned) hide();
        });
        node.on("plotly_click", function (e) {
          var index = eventIndex(e.points);
          if (index === null) return;
          show(index, e.event.clientX, e.event.clientY, true);
        });
        document.addEventListener("keydown", function (e) {
          if (e.key === "Escape") hide();
        });
        T.chart.current = { node: node, tip: tip };
        return node;
      });
    }
  };
})();
