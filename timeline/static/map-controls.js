/* The map's controls other than the time slider, as Timeline.mapControls:
 * the legend (categories, deaths, placement), the caption drawn in picture
 * mode, the note shown when online tiles cannot load, and the categories in
 * folium's layer control, kept in step with the shared category filter.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;

  /* A Leaflet corner, mirrored on a right-to-left page (as mapview.py places
   * folium's zoom, layers and scale): its reader starts on the right. */
  var MIRRORED = { topleft: "topright", topright: "topleft", bottomleft: "bottomright", bottomright: "bottomleft" };
  function corner(position) {
    return T.rtl ? MIRRORED[position] : position;
  }

  function legendItem(symbol, text) {
    var item = el("div", "legend-item");
    item.appendChild(symbol);
    item.appendChild(el("span", null, text));
    return item;
  }

  /* The title, "data as of" and credits, drawn on the map in picture mode
   * (top left in every language: map-picture.js frames the events clear of it there). */
  function caption(data) {
    var control = L.control({ position: "topleft" });
    control.onAdd = function () {
      var box = el("div", "map-caption");
      box.appendChild(el("p", "map-caption-title", data.meta.title));
      if (data.meta.data_as_of) box.appendChild(el("p", "map-caption-date", T._("Data as of {date}", { date: data.meta.data_as_of })));
      return box;
    };
    return control;
  }

  /* The legend's entries: the categories on the map (`used`), the sizes, the placement marks. */
  function legendEntries(box, data, used) {
    var svgCircle = T.mapStyle.svgCircle;
    box.appendChild(el("p", "legend-heading", T._("Category")));
    var others = false;
    data.categories.forEach(function (category, i) {
      if (!used[i]) return;
      if (category.grouped) return void (others = true);
      box.appendChild(legendItem(T.swatch(category.color), category.label));
    });
    if (others) {
      box.appendChild(legendItem(T.swatch(data.others.color), data.others.label));
    }
    box.appendChild(el("p", "legend-heading", T._("Deaths")));
    data.sizes.forEach(function (size) {
      var d = 2 * size.radius + 4;
      var attrs = size.unknown
        ? { fill: "none", stroke: "#555", "stroke-width": 2 }
        : { fill: "#777", stroke: "#fff", "stroke-width": 1 };
      box.appendChild(legendItem(svgCircle(d, size.radius, attrs), size.unknown ? T._("unknown (hollow)") : size.label));
    });
    box.appendChild(el("p", "legend-heading", T._("Placement")));
    box.appendChild(legendItem(svgCircle(16, 6, { fill: "#777", stroke: "#fff" }), T._("marker alone: the exact site")));
    box.appendChild(
      legendItem(
        svgCircle(22, 9, { fill: "none", stroke: "#555", "stroke-dasharray": "3 2", "stroke-width": 1.5 }),
        T._("dashed circle: approximate (city, region or country)")
      )
    );
  }

  /* A map narrower than this is a phone's: its legend starts folded and sits
   * at the top right (left, right to left), under the layer control, clear
   * of the time slider. */
  var NARROW = 600;

  function legend(map, data, used, picture) {
    var narrow = !picture && map.getSize().x < NARROW;
    // A picture (map-picture.js frames its events clear of a legend on the right) keeps it there.
    var control = L.control({ position: picture ? "bottomright" : corner(narrow ? "topright" : "bottomright") });
    control.onAdd = function () {
      var box = el("details", narrow ? "map-legend legend-narrow" : "map-legend");
      box.open = picture || (map.getSize().y >= 460 && !narrow); // folded on a phone
      box.setAttribute("aria-label", T._("Map legend"));
      box.appendChild(el("summary", "legend-title", T._("Legend")));
      legendEntries(box, data, used);
      if (picture && data.meta.credits) box.appendChild(el("p", "legend-credits", data.meta.credits));
      if (!picture) {
        // Never taller than the map less the controls above and below it: a long one scrolls.
        var fit = function () {
          // On a phone, at most 40% of it, so the events have room below.
          var room = narrow ? Math.min(0.4 * map.getSize().y, map.getSize().y - 70 - timeControlHeight(map)) : map.getSize().y - 124;
          box.style.maxHeight = Math.max(120, room) + "px";
          // Beside the zoom buttons, as wide as the map leaves; its entries in rows.
          if (narrow) box.style.maxWidth = map.getSize().x - 74 + "px";
        };
        fit();
        map.on("resize", fit);
        // Opened on a phone, it covers much of the map: the events in view move clear of it.
        box.addEventListener("toggle", function () {
          fit();
          if (box.open && narrow && T.map.current) T.map.current.clearOf(box);
        });
      }
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    return control;
  }

  function timeControlHeight(map) {
    var time = map.getContainer().querySelector(".time-control");
    return time ? time.offsetHeight + 10 : 0;
  }

  /* An online tile layer that cannot load its tiles (no network: the usual
   * case) would leave a blank map with no word: say why, once, until another
   * base layer is chosen. */
  function tileNotice(map) {
    var notice = L.control({ position: corner("topleft") });
    notice.onAdd = function () {
      // TRANSLATORS: name the layer as mapview.py's "Country outlines (offline)" is translated.
      return el("p", "tile-notice", T._("Map tiles need a network connection. Choose “Country outlines” in the layers to draw the map offline."));
    };
    var shown = false;
    function show() {
      if (!shown) notice.addTo(map);
      shown = true;
    }
    map.on("layeradd", function (e) {
      if (e.layer instanceof L.TileLayer) e.layer.on("tileerror", show);
    });
    map.on("baselayerchange", function (e) {
      if (shown && !(e.layer instanceof L.TileLayer)) {
        notice.remove();
        shown = false;
      }
    });
  }

  /* Leaflet's credit in the map's corner, as words: Leaflet makes it a link
   * to its website, and a click on it would leave the briefing for that site
   * (offline, an error page). The online layers' credits stay theirs. On a
   * right-to-left page it goes to the mirrored corner, with the rest. */
  function credit(map) {
    if (!map.attributionControl) return;
    map.attributionControl.setPrefix("Leaflet");
    if (T.rtl) map.attributionControl.setPosition(corner("bottomright"));
  }

  /* One entry per category on the map (`used`) in the layer control; ticking
   * one changes the shared category filter, and follow() ticks them as the
   * filter says. The grouped categories (style.grouped) share one entry. */
  function categoryToggles(map, layerControl, data, used, state) {
    var toggles = [];
    var syncing = false;
    var othersLayer = null;
    function toggle(ids, color, label) {
      var layer = L.layerGroup().addTo(map);
      layer.categoryIds = ids;
      toggles.push(layer);
      layerControl.addOverlay(layer, T.swatch(color).outerHTML + T.escape(label));
      return layer;
    }
    data.categories.forEach(function (category, i) {
      if (!used[i]) return;
      if (!category.grouped) toggle([category.id], category.color, category.label);
      else if (othersLayer) othersLayer.categoryIds.push(category.id);
      else othersLayer = toggle([category.id], data.others.color, data.others.label);
    });
    function onToggle() {
      if (syncing) return;
      var ticked = [];
      toggles.forEach(function (l) { if (map.hasLayer(l)) ticked.push.apply(ticked, l.categoryIds); });
      var all = toggles.reduce(function (n, l) { return n + l.categoryIds.length; }, 0);
      state.setFilters({ category: ticked.length === all ? null : ticked }, "map-layers");
    }
    map.on("overlayadd overlayremove", function (e) {
      if (toggles.indexOf(e.layer) >= 0) onToggle();
    });
    return {
      /* Tick the entries of the categories `chosen` (null: all). */
      follow: function (chosen) {
        syncing = true;
        toggles.forEach(function (layer) {
          var ticked = !chosen || layer.categoryIds.some(function (id) { return chosen.indexOf(id) >= 0; });
          if (ticked && !map.hasLayer(layer)) map.addLayer(layer);
          if (!ticked && map.hasLayer(layer)) map.removeLayer(layer);
        });
        syncing = false;
      }
    };
  }

  T.mapControls = {
    caption: caption,
    legend: legend,
    tileNotice: tileNotice,
    credit: credit,
    categoryToggles: categoryToggles,
    corner: corner
  };
})();
