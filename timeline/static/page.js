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
      window.addEventListener("beforeprint", fitForPrint);
      window.addEventListener("afterprint", fitForPrint);
      return T.load().then(start);
    }
  };

  /* Draw every view of the page from the data. */
  function start(data) {
    var state = T.state;
    state.start();
    var filters = document.getElementById("filters");
    if (filters && T.filterBar) T.filterBar.render(filters, data, state);
    // The chart first: plotly measures text, which is slow once a big table is in the page.
    var chart = document.getElementById("timeline-chart");
    var drawn = Promise.resolve();
    if (chart && T.chart) {
      drawn = T.chart.init("timeline-chart", JSON.parse(document.getElementById("timeline-figure").textContent), data);
      drawn.then(function () { T.mark("timeline drawn"); });
    }
    var table = document.getElementById("events-table");
    if (table && T.eventsTable) {
      T.eventsTable.render(table, data, state);
      T.mark("table drawn");
    }
    var sources = document.getElementById("sources-list");
    if (sources && T.sourcesList) T.sourcesList.render(sources, data);
    return drawn.then(function (result) {
      if (filters) state.prepareSearch();
      return result;
    });
  }
})();
