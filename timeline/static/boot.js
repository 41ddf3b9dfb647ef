/* Runs the page's scripts, which the page carries gzip-compressed in base64
 * (timeline/page.py: every script but common.js and this one, a quarter of
 * their size so). Each is inflated by the browser itself and run, in the
 * page's order, as an inline script: the page's content security policy
 * names each by the hash of its text, so a script it does not name is
 * refused as an injected one is.
 *
 * The "first" scripts (the map, the filters, the table, the start of the
 * page) run as soon as they are inflated; the "later" ones (plotly.js and
 * the chart's), on a page with a map, once the data is read and the map
 * drawn and painted: the title, filters and map show first, and the
 * timeline follows. Timeline.boot.later resolves when they have run. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var mark = T.mark || function () {}; // common.js's; the standalone embed has none

  /* Base64 text of gzip-compressed UTF-8 to the text. */
  function inflate(base64) {
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }

  /* The texts of one stage's scripts, in the page's order (all inflating at once). */
  function stage(name) {
    var nodes = document.querySelectorAll('script.timeline-code[data-stage="' + name + '"]');
    return Promise.all(
      Array.prototype.map.call(nodes, function (node) {
        return inflate(node.textContent);
      })
    );
  }

  /* Run each text now, in order, as an inline script of the page. */
  function run(texts) {
    texts.forEach(function (text) {
      var script = document.createElement("script");
      script.textContent = text;
      document.body.appendChild(script);
    });
  }

  /* After the next frame is painted. */
  function painted() {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () {
        setTimeout(resolve, 0);
      });
    });
  }

  if (typeof DecompressionStream === "undefined") return; // common.js says the browser is too old

  var ran = stage("first").then(function (texts) {
    run(texts);
    mark("first scripts run");
  });
  var hasLater = document.querySelector('script.timeline-code[data-stage="later"]') !== null;
  // The later scripts are inflated once the first have run: until then the
  // first have the page's thread to themselves.
  var later = ran.then(function () {
    return stage("later");
  });
  T.boot = {
    first: ran,
    later: ran
      .then(function () {
        // the map is drawn when the data is read (map-events.js, run above, waits for it first)
        return hasLater ? T.load().then(painted) : null;
      })
      .then(function () {
        return later;
      })
      .then(function (texts) {
        if (!texts.length) return;
        mark("map painted");
        run(texts);
        mark("later scripts run");
      })
  };
  T.boot.later.catch(function (err) {
    // a script that failed to inflate: say so where the console shows it
    setTimeout(function () {
      throw err;
    }, 0);
  });
})();
