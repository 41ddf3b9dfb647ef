/* The page's link to `timeline watch` (timeline/watch.py), added by its
 * server to the pages it serves, never to the files built. It listens to the
 * server's build events: after a good build that changed the pages, the
 * page reloads itself (the same URL, so its hash, and with it the selection,
 * the filters and the story's step, are kept); after a failed build, the
 * problems are shown in a banner over the page (the last good pages stay);
 * the next good build takes the banner away. */
(function () {
  "use strict";
  var me = document.currentScript;
  var served = me.getAttribute("data-build");
  var banner = null;

  function hide() {
    if (banner) banner.remove();
    banner = null;
  }

  function show(lines) {
    hide();
    banner = document.createElement("div");
    banner.id = "timeline-watch-problems";
    banner.setAttribute("role", "alert");
    var s = banner.style;
    s.position = "fixed";
    s.left = "0";
    s.right = "0";
    s.top = "0";
    s.zIndex = "100000";
    s.maxHeight = "50vh";
    s.overflow = "auto";
    s.padding = "0.6em 1em";
    s.background = "#fff4f2";
    s.color = "#5a0d00";
    s.borderBottom = "3px solid #b3261e";
    s.font = "13px/1.4 system-ui, sans-serif";
    s.boxShadow = "0 2px 8px rgba(0, 0, 0, 0.25)";
    var title = document.createElement("strong");
    title.textContent =
      "The last save did not build" +
      (served ? "; this page is from the last good build" : "") +
      ". Fix the table and save again:";
    banner.appendChild(title);
    lines.forEach(function (line) {
      var row = document.createElement("pre");
      row.textContent = line;
      row.style.margin = "0.3em 0 0";
      row.style.whiteSpace = "pre-wrap";
      row.style.font = "12px/1.4 ui-monospace, monospace";
      banner.appendChild(row);
    });
    document.body.appendChild(banner);
  }

  var events = new EventSource(me.getAttribute("data-events"));
  events.addEventListener("build", function (event) {
    var status = JSON.parse(event.data);
    if (status.build !== served) {
      events.close();
      window.location.reload();
    } else if (status.ok) {
      hide();
    } else {
      show(status.lines);
    }
  });
})();
