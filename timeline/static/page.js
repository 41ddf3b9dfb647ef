/* Page start-up: reads the data block, then draws each view the page has a
 * place for (the map is drawn by map-events.js when its frame is ready; the
 * briefing page's filters, table and sources by filters.js, table.js and
 * sources.js, which only index.html carries), and fits them for print. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});

  /* Printing lays the page out at the paper's width: redraw the map and the chart to fit it. */
  function fitForPrint() {
    if (T.map && T.map.current) T.map.current.map.invalidateSize(false);
    if (T.chart && T.chart.current) Plotly.Plots.resize(T.chart.current.node);
  }

  T.page = {
    init: function () {
      // index.html carries print.js, which lays its views out for print itself.
      if (T.print) {
        return T.load().then(start).then(function (result) {
          T.print.listen();
          return result;
        });
      }
      window.addEventListener("beforeprint", fitForPrint);
      window.addEventListener("afterprint", fitForPrint);
      return T.load().then(start);
    }
  };

  /* timeline.html: the chart is the page, so it is as tall as the window
   * leaves it under the title (never shorter than the figure's own height,
   * the lanes' minimum), then and after every resize. */
  function fillWindow(chart, figure) {
    var view = chart.parentNode;
    if (!view.classList.contains("view")) return;
    var least = figure.layout.height;
    function wanted() {
      return Math.max(least, Math.floor(view.clientHeight));
    }
    figure.layout.height = wanted();
    window.addEventListener("resize", function () {
      var height = wanted();
      if (chart.getAttribute("data-ready") && chart.layout && chart.layout.height !== height) {
        Plotly.relayout(chart, { height: height });
      }
    });
  }

  /* Draw every view of the page from the data. */
  function start(data) {
    var state = T.state;
    state.start();
    var filters = document.getElementById("filters");
    if (filters && T.filterBar) T.filterBar.render(filters, data, state);
    if (filters && T.story) T.story.render(filters.querySelector(".filter-bar"), data, state);
    if (filters && T.share) T.share.render(filters.querySelector(".filter-bar"), data, state);
    // The map is drawn by now; the chart waits for plotly.js, which boot.js
    // runs once the map is painted. The chart first, then the table: plotly
    // measures text, which is slow once a big table is in the page.
    var chart = document.getElementById("timeline-chart");
    var later = T.boot ? T.boot.later : Promise.resolve();
    var drawn = later.then(function () {
      var result;
      if (chart && T.chart) {
        var figure = JSON.parse(document.getElementById("timeline-figure").textContent);
        fillWindow(chart, figure);
        result = T.chart.init("timeline-chart", figure, data);
        result.then(function () { T.mark("timeline drawn"); });
      }
      var table = document.getElementById("events-table");
      if (table && T.eventsTable) {
        T.eventsTable.render(table, data, state);
        T.mark("table drawn");
      }
      return result;
    });
    var sources = document.getElementById("sources-list");
    if (sources && T.sourcesList) T.sourcesList.render(sources, data);
    return drawn;
  }
})();
