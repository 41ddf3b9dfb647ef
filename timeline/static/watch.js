/* The page's link to `timeline watch` (timeline/watch.py), added by its
 * server to the pages it serves, never to the files built. It listens to the
 * server's build events: after a good build that changed the pages, the
 * page reloads itself (the same URL, so its hash, and with it the selection,
 * the filters and the story's step, are kept); after a failed build, the
 * problems are shown in a banner over the page (the last good pages stay);
 * the next good build takes the banner away. When the server stops (Ctrl-C),
 * the page says it no longer follows saves and stops asking. */
(function () {
  "use strict";
  var me = document.currentScript;
  /* Our words in the page's language (common.js's T._, once the page has it). */
  var T = {
    _: function (message) {
      var t = window.Timeline;
      return t && t._ ? t._(message) : message;
    }
  };
  var served = me.getAttribute("data-build");
  var banner = null;

  function hide() {
    if (banner) banner.remove();
    banner = null;
  }

  /* A banner over the page: `id`, a bold `title`, then `lines` as printed. */
  function show(id, title, lines, colour) {
    hide();
    banner = document.createElement("div");
    banner.id = id;
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
    s.background = colour.background;
    s.color = colour.text;
    s.borderBottom = "3px solid " + colour.border;
    s.font = "13px/1.4 system-ui, sans-serif";
    s.boxShadow = "0 2px 8px rgba(0, 0, 0, 0.25)";
    var heading = document.createElement("strong");
    heading.textContent = title;
    banner.appendChild(heading);
    lines.forEach(function (line) {
      var row = document.createElement("pre");
      row.textContent = line;
      row.dir = "auto"; // a problem's line, its table text in it
      row.style.margin = "0.3em 0 0";
      row.style.whiteSpace = "pre-wrap";
      row.style.font = "12px/1.4 ui-monospace, monospace";
      banner.appendChild(row);
    });
    document.body.appendChild(banner);
  }

  var FAILED = { background: "#fff4f2", text: "#5a0d00", border: "#b3261e" };
  var STOPPED = { background: "#f3f4f6", text: "#1f2937", border: "#6b7280" };

  var events = new EventSource(me.getAttribute("data-events"));
  events.addEventListener("build", function (event) {
    var status = JSON.parse(event.data);
    if (status.build !== served) {
      events.close();
      window.location.reload();
    } else if (status.ok) {
      hide();
    } else {
      show(
        "timeline-watch-problems",
        served
          ? T._("The last save did not build; this page is from the last good build. Fix the table and save again:")
          : T._("The last save did not build. Fix the table and save again:"),
        status.lines,
        FAILED
      );
    }
  });
  /* `data-watch` on <html>: "following" while the server is heard, "stopped" after. */
  events.addEventListener("open", function () {
    document.documentElement.setAttribute("data-watch", "following");
  });
  /* The server has stopped (or cannot be reached): stop asking, and say so. */
  events.addEventListener("error", function () {
    events.close();
    document.documentElement.setAttribute("data-watch", "stopped");
    show(
      "timeline-watch-stopped",
      T._("timeline watch has stopped: this page no longer follows saves. Start it again, then reload the page."),
      [],
      STOPPED
    );
  });
})();
