/* The events on the Leaflet map that folium sets up.
 *
 * One circle per placed event, coloured by category and sized by deaths
 * (hollow where deaths are unknown). A placement less precise than the site
 * itself (city, region, country) also gets a dashed circle as wide as that
 * uncertainty. Popups are built when opened. The map follows Timeline.state:
 * filters hide markers, a selection flies to its marker and opens its popup;
 * the layer control's categories and the time slider change the filters.
 *
 * Made for hundreds of thousands of events. Each placed event's position is
 * projected once, into typed arrays. Every change of view or of the filters
 * sorts the events in view into a grid of CELL-pixel squares in one pass over
 * those arrays: a square holding one event draws that event's circle, one
 * holding more draws their count. Clicking a count zooms in to its events or,
 * where zooming cannot tell them apart (attacks placed at one city's centre),
 * spreads them around it, or lists them when there are too many to spread.
 * Only what is on screen becomes a Leaflet layer: a few hundred at most.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;
  var DAY = 86400000;
  var CELL = 60; // a grid square, in screen pixels
  var MARGIN = 120; // pixels around the view that are drawn too, so a short pan shows no gap
  var TOGETHER = 40; // events closer than this at the deepest zoom are spread apart, not zoomed to
  var SEPARATE = 30; // a selected event is shown at a zoom where its nearest neighbour is this far away
  var SPREAD_MAX = 60; // more events than this at one spot are listed rather than spread
  var LIST_MAX = 500; // entries in such a list
  var CIRCLE_MIN_PX = 4; // dashed circles smaller than this on screen are left out,
  var CIRCLE_MAX_PX = 4000; // and larger than this (slow to draw, and nearly straight by then),
  var CIRCLE_MAX = 400; // and at most this many are drawn, the busiest places first
  var MAX_LATITUDE = 85.0511287798;
  var EQUATOR_M = 40075016.686;
  var PANE = "eventsOnTop";

  function markerStyle(ev, category) {
    var unknownDeaths = !ev.killed;
    return {
      radius: ev.radius,
      color: unknownDeaths ? category.color : "#ffffff",
      weight: unknownDeaths ? 2.5 : 1.5,
      fillColor: category.color,
      fillOpacity: unknownDeaths ? 0.08 : 0.85,
      className: "event-marker"
    };
  }

  /* How wide a cluster of `count` events is drawn, in pixels. */
  function clusterSize(count) {
    return count < 10 ? 30 : count < 100 ? 36 : count < 10000 ? 44 : 52;
  }

  function clusterIcon(count) {
    var size = clusterSize(count);
    return L.divIcon({
      html: "<span>" + Number(count) + "</span>",
      className: "event-cluster",
      iconSize: L.point(size, size)
    });
  }

  function tooltipFor(ev) {
    var box = el("span", "event-tooltip");
    box.appendChild(el("strong", null, ev.title));
    box.appendChild(el("span", null, " · " + T.dateSaid(ev)));
    return box;
  }

  function svgCircle(size, radius, attrs) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", size);
    svg.setAttribute("height", size);
    svg.setAttribute("aria-hidden", "true");
    var circle = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    circle.setAttribute("cx", size / 2);
    circle.setAttribute("cy", size / 2);
    circle.setAttribute("r", radius);
    Object.keys(attrs).forEach(function (k) {
      circle.setAttribute(k, attrs[k]);
    });
    svg.appendChild(circle);
    return svg;
  }

  function legendItem(symbol, text) {
    var item = el("div", "legend-item");
    item.appendChild(symbol);
    item.appendChild(el("span", null, text));
    return item;
  }

  /* The title, "data as of" and credits, drawn on the map in picture mode. */
  function caption(data) {
    var control = L.control({ position: "topleft" });
    control.onAdd = function () {
      var box = el("div", "map-caption");
      box.appendChild(el("p", "map-caption-title", data.meta.title));
      if (data.meta.data_as_of) box.appendChild(el("p", "map-caption-date", "Data as of " + data.meta.data_as_of));
      return box;
    };
    return control;
  }

  function legend(map, data, used, picture) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = el("details", "map-legend");
      box.open = picture || (map.getSize().y >= 460 && map.getSize().x >= 600); // folded on a phone
      box.setAttribute("aria-label", "Map legend");
      box.appendChild(el("summary", "legend-title", "Legend"));
      box.appendChild(el("p", "legend-heading", "Category"));
      var others = false;
      data.categories.forEach(function (category, i) {
        if (!used[i]) return;
        if (category.grouped) return void (others = true);
        box.appendChild(legendItem(T.swatch(category.color), category.label));
      });
      if (others) {
        box.appendChild(legendItem(T.swatch(data.others.color), data.others.label));
      }
      box.appendChild(el("p", "legend-heading", "Deaths"));
      data.sizes.forEach(function (size) {
        var d = 2 * size.radius + 4;
        var attrs = size.unknown
          ? { fill: "none", stroke: "#555", "stroke-width": 2 }
          : { fill: "#777", stroke: "#fff", "stroke-width": 1 };
        box.appendChild(legendItem(svgCircle(d, size.radius, attrs), size.unknown ? "unknown (hollow)" : size.label));
      });
      box.appendChild(el("p", "legend-heading", "Placement"));
      box.appendChild(legendItem(svgCircle(16, 6, { fill: "#777", stroke: "#fff" }), "marker alone: the exact site"));
      box.appendChild(
        legendItem(
          svgCircle(22, 9, { fill: "none", stroke: "#555", "stroke-dasharray": "3 2", "stroke-width": 1.5 }),
          "dashed circle: approximate (city, region or country)"
        )
      );
      if (picture && data.meta.credits) box.appendChild(el("p", "legend-credits", data.meta.credits));
      if (!picture) {
        // Never taller than the map less the layer control above it: a long one scrolls.
        var fit = function () { box.style.maxHeight = Math.max(120, map.getSize().y - 124) + "px"; };
        fit();
        map.on("resize", fit);
      }
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    return control;
  }

  /* The time slider: show events up to a date, or play through them. */
  function timeControl(data, onChange) {
    // Dates are ISO (YYYY-MM-DD), so the earliest and latest sort first and
    // last as text: only those two are parsed.
    var first = null;
    var last = null;
    var events = data.events;
    for (var i = 0; i < events.length; i++) {
      var ev = events[i];
      var start = ev.date.start;
      var end = ev.last;
      if (first === null || start < first) first = start;
      if (last === null || end > last) last = end;
    }
    var min = Date.parse(first);
    var max = Date.parse(last);
    var control = L.control({ position: "bottomleft" });
    var slider, label, play, timer = null;

    function show(value) {
      slider.value = String(Math.round((value - min) / DAY));
      var shown = new Date(value).toISOString().slice(0, 10);
      label.textContent = value >= max ? "All dates" : "Up to " + shown;
    }

    control.onAdd = function () {
      var box = el("div", "time-control");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Show events up to a date");
      play = el("button", "time-play", "▶");
      play.type = "button";
      play.setAttribute("aria-label", "Play through time");
      slider = el("input", "time-slider");
      slider.type = "range";
      slider.min = "0";
      slider.max = String(Math.round((max - min) / DAY));
      slider.step = "1";
      slider.setAttribute("aria-label", "Show events up to this date");
      label = el("span", "time-label");
      box.appendChild(play);
      box.appendChild(slider);
      box.appendChild(label);
      show(max);
      slider.addEventListener("input", function () {
        var value = min + Number(slider.value) * DAY;
        show(value);
        onChange(value >= max ? null : new Date(value).toISOString().slice(0, 10));
      });
      play.addEventListener("click", function () {
        if (timer) return stop();
        var value = Number(slider.value) >= Number(slider.max) ? min : min + Number(slider.value) * DAY;
        var step = Math.max(DAY, (max - min) / 120);
        play.textContent = "❚❚";
        play.setAttribute("aria-label", "Pause");
        timer = window.setInterval(function () {
          value = Math.min(max, value + step);
          show(value);
          onChange(value >= max ? null : new Date(value).toISOString().slice(0, 10));
          if (value >= max) stop();
        }, 100);
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };

    function stop() {
      window.clearInterval(timer);
      timer = null;
      play.textContent = "▶";
      play.setAttribute("aria-label", "Play through time");
    }

    control.follow = function (to) {
      if (timer || !slider) return;
      show(to ? Math.min(max, Date.parse(to)) : max);
    };
    return control;
  }

  /* The placed events as typed arrays, k = 0 .. count - 1: which event each is
   * (index), where (lat, lon, and x, y in pixels at zoom 0), and which distinct
   * approximate placement it shares a dashed circle with (place, or -1). */
  function placedEvents(map, data) {
    var events = data.events;
    var count = 0;
    var i;
    for (i = 0; i < events.length; i++) if (events[i].loc) count++;
    var p = {
      count: count,
      index: new Int32Array(count),
      lat: new Float64Array(count),
      lon: new Float64Array(count),
      x: new Float64Array(count),
      y: new Float64Array(count),
      radius: new Float32Array(count),
      place: new Int32Array(count),
      byEvent: new Int32Array(events.length),
      used: {},
      places: { count: 0, lat: [], lon: [], radius: [], x: [], y: [] }
    };
    var crs = map.options.crs;
    var mercator = crs === L.CRS.EPSG3857;
    var placeIndex = new Map(); // lat -> lon -> radius -> place (number keys: faster than strings)
    var k = 0;
    for (i = 0; i < events.length; i++) {
      var ev = events[i];
      var loc = ev.loc;
      p.byEvent[i] = -1;
      if (!loc) continue;
      p.byEvent[i] = k;
      p.index[k] = i;
      p.lat[k] = loc.lat;
      p.lon[k] = loc.lon;
      p.radius[k] = ev.radius;
      p.used[ev.category] = true;
      if (mercator) {
        // Leaflet's spherical Mercator, at zoom 0 (a world 256 pixels wide), written out.
        var sin = Math.sin((Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, loc.lat)) * Math.PI) / 180);
        p.x[k] = 128 + (loc.lon * 256) / 360;
        p.y[k] = 128 - (64 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
      } else {
        var point = crs.latLngToPoint(L.latLng(loc.lat, loc.lon), 0);
        p.x[k] = point.x;
        p.y[k] = point.y;
      }
      p.place[k] = -1;
      if (loc.radius_m) {
        var byLon = placeIndex.get(loc.lat);
        if (!byLon) placeIndex.set(loc.lat, (byLon = new Map()));
        var byRadius = byLon.get(loc.lon);
        if (!byRadius) byLon.set(loc.lon, (byRadius = new Map()));
        var at = byRadius.get(loc.radius_m);
        if (at === undefined) {
          at = p.places.count++;
          byRadius.set(loc.radius_m, at);
          p.places.lat.push(loc.lat);
          p.places.lon.push(loc.lon);
          p.places.radius.push(loc.radius_m);
          p.places.x.push(p.x[k]);
          p.places.y.push(p.y[k]);
        }
        p.place[k] = at;
      }
      k++;
    }
    return p;
  }

  /* Sort the placed events that are `on`, but not `skip` nor `except`, into squares of CELL
   * pixels over `box` (pixels at the current zoom, `scale` times zoom 0). Each
   * event's square goes to cellOf[k] (-1 when outside the box). Squares whose
   * symbols would touch, drawn at the centre of their events, are joined: the
   * later one points to the earlier in `root`, its count moved there. */
  function bin(p, on, skip, except, cellOf, scale, box) {
    var gx = Math.floor(box.minX / CELL);
    var gy = Math.floor(box.minY / CELL);
    var cols = Math.floor(box.maxX / CELL) - gx + 1;
    var rows = Math.floor(box.maxY / CELL) - gy + 1;
    var cells = cols * rows;
    var count = new Int32Array(cells);
    var first = new Int32Array(cells);
    var sumX = new Float64Array(cells);
    var sumY = new Float64Array(cells);
    var root = new Int32Array(cells);
    var x0 = p.x;
    var y0 = p.y;
    var k, c;
    for (k = 0; k < p.count; k++) {
      cellOf[k] = -1;
      if (!on[k] || skip[k] || k === except) continue;
      var x = x0[k] * scale;
      if (x < box.minX || x > box.maxX) continue;
      var y = y0[k] * scale;
      if (y < box.minY || y > box.maxY) continue;
      c = (Math.floor(y / CELL) - gy) * cols + Math.floor(x / CELL) - gx;
      if (count[c] === 0) first[c] = k;
      count[c]++;
      sumX[c] += x;
      sumY[c] += y;
      cellOf[k] = c;
    }
    // Join symbols that would touch, until none do (a join moves the centre).
    var used = [];
    for (c = 0; c < cells; c++) {
      root[c] = c;
      if (count[c]) used.push(c);
    }
    function size(c) {
      return count[c] === 1 ? 2 * p.radius[first[c]] : clusterSize(count[c]);
    }
    var joined = true;
    for (var pass = 0; joined && pass < 4; pass++) {
      joined = false;
      for (var i = 0; i < used.length; i++) {
        var a = used[i];
        if (!count[a]) continue;
        for (var j = i + 1; j < used.length; j++) {
          var b = used[j];
          if (!count[b]) continue;
          var dx = sumX[a] / count[a] - sumX[b] / count[b];
          var dy = sumY[a] / count[a] - sumY[b] / count[b];
          var reach = (size(a) + size(b)) / 2 + 4;
          if (dx * dx + dy * dy >= reach * reach) continue;
          count[a] += count[b];
          sumX[a] += sumX[b];
          sumY[a] += sumY[b];
          count[b] = 0;
          root[b] = a;
          joined = true;
        }
      }
    }
    for (c = 0; c < cells; c++) {
      var r = root[c];
      while (root[r] !== r) r = root[r];
      root[c] = r;
    }
    return { cells: cells, count: count, first: first, sumX: sumX, sumY: sumY, root: root };
  }

  /* Pixel offsets that spread `n` markers of radius up to `radius` around a
   * point: a ring for a few, a spiral for more. */
  function spreadOffsets(n, radius) {
    var gap = Math.max(24, 2 * radius + 6);
    var dx = new Float64Array(n);
    var dy = new Float64Array(n);
    var i;
    if (n <= 8) {
      var ring = Math.max(gap, (gap * n) / (2 * Math.PI));
      for (i = 0; i < n; i++) {
        var angle = -Math.PI / 2 + (i * 2 * Math.PI) / n;
        dx[i] = ring * Math.cos(angle);
        dy[i] = ring * Math.sin(angle);
      }
    } else {
      var theta = 0;
      for (i = 0; i < n; i++) {
        var r = gap + (gap * theta) / (2 * Math.PI);
        dx[i] = r * Math.cos(theta);
        dy[i] = r * Math.sin(theta);
        theta += gap / r;
      }
    }
    return { dx: dx, dy: dy };
  }

  /* An online tile layer that cannot load its tiles (no network: the usual
   * case) would leave a blank map with no word: say why, once, until another
   * base layer is chosen. */
  function tileNotice(map) {
    var notice = L.control({ position: "topleft" });
    notice.onAdd = function () {
      return el("p", "tile-notice", "Map tiles need a network connection. Choose “Country outlines” in the layers to draw the map offline.");
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

  T.map = {
    /* Frame every placed event, keeping them clear of the legend. */
    fit: function (legendBox) {
      var current = T.map.current;
      if (!current || !current.bounds.isValid()) return;
      var right = legendBox ? legendBox.offsetWidth + 24 : 24;
      current.map.fitBounds(current.bounds, {
        paddingTopLeft: [40, 40],
        paddingBottomRight: [right, 24],
        maxZoom: 6,
        animate: false
      });
    },

    /* Draw the events of `data` on `map` and list them in `layerControl`. */
    addEvents: function (map, layerControl, data) {
      var state = T.state;
      state.start();
      tileNotice(map);
      var events = data.events;
      var crs = map.options.crs;
      var placed = placedEvents(map, data);
      var P = placed.count;
      var on = new Uint8Array(P); // passes the filters
      var skip = new Uint8Array(P); // spread apart, so left out of the grid
      var cellOf = new Int32Array(P);
      var placeOn = new Int32Array(placed.places.count); // events passing the filters, per dashed circle
      var seenVisible = null;
      var selected = -1; // k of the selected event, when it passes the filters
      var grid = null; // the last bin()
      var spread = null; // markers spread around a point: {id, zoom, members, x, y, cx, cy}
      var spreads = 0;
      var dirty = true;

      var minLat = Infinity, maxLat = -Infinity, minLon = Infinity, maxLon = -Infinity;
      for (var k = 0; k < P; k++) {
        if (placed.lat[k] < minLat) minLat = placed.lat[k];
        if (placed.lat[k] > maxLat) maxLat = placed.lat[k];
        if (placed.lon[k] < minLon) minLon = placed.lon[k];
        if (placed.lon[k] > maxLon) maxLon = placed.lon[k];
      }
      var bounds = P ? L.latLngBounds([minLat, minLon], [maxLat, maxLon]) : L.latLngBounds([]);

      // Selected and spread markers go above the clusters' counts, in an SVG of their own.
      map.createPane(PANE).style.zIndex = 640;
      var topRenderer = L.svg({ pane: PANE });
      var eventLayer = L.layerGroup();
      var circleLayer = L.layerGroup();
      var drawn = {}; // name -> layer, for the markers on the map now
      var clusters = []; // and the clusters' counts
      var drawnCircles = {};
      var markerOf = {}; // k -> the marker drawing event k now

      var card = L.popup({ maxWidth: 380, maxHeight: 420, className: "event-popup", autoPanPadding: [20, 20] });
      var list = L.popup({ maxWidth: 380, maxHeight: 320, className: "event-popup event-list-popup", autoPanPadding: [20, 20] });

      var picture = /[?&]picture\b/.test(window.location.search);
      if (picture) {
        document.body.classList.add("picture");
        caption(data).addTo(map);
      }
      var key = legend(map, data, placed.used, picture).addTo(map);
      var current = (T.map.current = {
        map: map,
        bounds: bounds,
        /* The ids of the events the map shows after the filters, drawn or counted
         * in a cluster, in view or not. */
        shown: function () {
          var ids = [];
          for (var k = 0; k < P; k++) if (on[k]) ids.push(events[placed.index[k]].id);
          return ids;
        },
        /* The ids of the events drawn or counted in a cluster on the map now. */
        onScreen: function () {
          var ids = [];
          if (!map.hasLayer(eventLayer)) return ids;
          for (var k = 0; k < P; k++) {
            if (cellOf[k] >= 0 || skip[k] || k === selected) ids.push(events[placed.index[k]].id);
          }
          return ids;
        },
        /* The Leaflet layer drawing event `id` on its own now, or null. */
        layerFor: function (id) {
          var k = data.byId[id] === undefined ? -1 : placed.byEvent[data.byId[id]];
          return (k >= 0 && markerOf[k]) || null;
        },
        redraw: function () {
          redraw();
        }
      });
      T.map.fit(key.getContainer());
      circleLayer.addTo(map);
      eventLayer.addTo(map);
      layerControl.addOverlay(eventLayer, "Events");
      layerControl.addOverlay(circleLayer, "Placement uncertainty");

      // One entry per category in the layer control; ticking it changes the shared filter.
      var toggles = [];
      var syncing = false;
      // The grouped categories (style.grouped) share one entry.
      var othersLayer = null;
      function toggle(ids, color, label) {
        var layer = L.layerGroup().addTo(map);
        layer.categoryIds = ids;
        toggles.push(layer);
        layerControl.addOverlay(layer, T.swatch(color).outerHTML + T.escape(label));
        return layer;
      }
      data.categories.forEach(function (category, i) {
        if (!placed.used[i]) return;
        if (!category.grouped) toggle([category.id], category.color, category.label);
        else if (othersLayer) othersLayer.categoryIds.push(category.id);
        else othersLayer = toggle([category.id], data.others.color, data.others.label);
      });
      function onToggle() {
        if (syncing) return;
        var ticked = [];
        toggles.forEach(function (l) { if (map.hasLayer(l)) ticked.push.apply(ticked, l.categoryIds); });
        state.setFilters({ category: ticked.length === toggles.reduce(function (n, l) { return n + l.categoryIds.length; }, 0) ? null : ticked }, "map-layers");
      }
      map.on("overlayadd overlayremove", function (e) {
        if (toggles.indexOf(e.layer) >= 0) onToggle();
        else if (e.layer === eventLayer || e.layer === circleLayer) redraw();
      });

      var slider = timeControl(data, function (to) {
        state.setFilters({ to: to }, "map-time");
      });
      if (!picture) slider.addTo(map);

      /* Pixels per zoom-0 pixel at `zoom`. */
      function scaleAt(zoom) {
        return crs.scale(zoom) / crs.scale(0);
      }

      function eventAt(k) {
        return events[placed.index[k]];
      }

      /* Where marker k is drawn: spread apart, or where it is. */
      function latLngOf(k) {
        if (spread) {
          var at = spread.members.indexOf(k);
          if (at >= 0) return map.unproject([spread.x[at], spread.y[at]], spread.zoom);
        }
        return L.latLng(placed.lat[k], placed.lon[k]);
      }

      function openCard(k) {
        var ev = eventAt(k);
        card.setLatLng(latLngOf(k));
        card.setContent(T.card(ev, data));
        if (!map.hasLayer(card)) card.openOn(map);
      }

      /* The reader picked event k on the map. */
      function pick(k) {
        state.select(eventAt(k).id, "map");
        if (selected === k) openCard(k);
      }

      function marker(k, latlng, onTop) {
        var ev = eventAt(k);
        var style = markerStyle(ev, data.categories[ev.category]);
        if (k === selected) {
          style.color = "#111111";
          style.weight = 3.5;
        }
        // The map's own click (which folds a spread) is not also fired.
        style.bubblingMouseEvents = false;
        if (onTop) {
          style.pane = PANE;
          style.renderer = topRenderer;
        }
        var layer = L.circleMarker(latlng, style);
        layer.bindTooltip(function () { return tooltipFor(ev); }, { direction: "top", offset: [0, -ev.radius] });
        layer.on("click", function () { pick(k); });
        return layer;
      }

      /* Make cluster marker `layer` show grid square c's count, at the centre of
       * its events; an existing marker is moved and relabelled, not made anew. */
      function setCluster(layer, c, zoom) {
        var count = grid.count[c];
        var x = grid.sumX[c] / count;
        var y = grid.sumY[c] / count;
        layer.cell = c;
        layer.at = [x, y];
        layer.name = nameOf(c, zoom);
        layer.setLatLng(map.unproject([x, y], zoom));
        if (layer.count === count) return;
        var size = clusterSize(count);
        var resized = size !== clusterSize(layer.count);
        var title = count + " events: click to see them";
        layer.count = count;
        layer.options.icon = clusterIcon(count); // for when the marker is added again
        layer.options.title = title;
        var icon = layer.getElement();
        if (!icon) return;
        icon.firstChild.textContent = String(count);
        icon.title = title;
        if (resized) {
          icon.style.width = icon.style.height = size + "px";
          icon.style.marginLeft = icon.style.marginTop = -size / 2 + "px";
        }
      }

      function nameOf(c, zoom) {
        var count = grid.count[c];
        return zoom + ":" + Math.round(grid.sumX[c] / count) + ":" + Math.round(grid.sumY[c] / count) + ":" + count;
      }

      /* Draw the clusters of grid squares `cells`, keeping the markers already
       * showing one of them as it is and moving the others. */
      function drawClusters(cells, zoom) {
        var byName = {};
        var spare = [];
        clusters.forEach(function (layer) {
          if (byName[layer.name]) spare.push(layer);
          else byName[layer.name] = layer;
        });
        var kept = [];
        var moved = [];
        cells.forEach(function (c) {
          var layer = byName[nameOf(c, zoom)];
          if (!layer) return moved.push(c);
          delete byName[layer.name];
          layer.cell = c;
          kept.push(layer);
        });
        Object.keys(byName).forEach(function (name) {
          spare.push(byName[name]);
        });
        moved.forEach(function (c) {
          var layer = spare.pop();
          if (layer) {
            setCluster(layer, c, zoom);
          } else {
            layer = L.marker([0, 0], { icon: clusterIcon(2) });
            layer.on("click", function () { openCluster(layer); });
            setCluster(layer, c, zoom);
            eventLayer.addLayer(layer);
          }
          kept.push(layer);
        });
        spare.forEach(function (layer) {
          eventLayer.removeLayer(layer);
        });
        clusters = kept;
      }

      var next = null;
      function keep(name, make) {
        var layer = drawn[name];
        if (layer) delete drawn[name];
        else eventLayer.addLayer((layer = make()));
        next[name] = layer;
        return layer;
      }

      /* Draw what is in view now: one pass over the placed events, then a layer
       * for each cluster and lone marker, reusing those already drawn. */
      function redraw() {
        dirty = false;
        var zoom = map.getZoom();
        if (spread && spread.zoom !== zoom) closeSpread();
        var scale = scaleAt(zoom);
        var view = map.getPixelBounds();
        var box = { minX: view.min.x - MARGIN, minY: view.min.y - MARGIN, maxX: view.max.x + MARGIN, maxY: view.max.y + MARGIN };
        grid = bin(placed, on, skip, selected, cellOf, scale, box);
        next = {};
        markerOf = {};
        var k;
        var cells = [];
        for (var c = 0; c < grid.cells; c++) {
          if (!grid.count[c] || grid.root[c] !== c) continue;
          if (grid.count[c] > 1) {
            cells.push(c);
          } else {
            k = grid.first[c];
            markerOf[k] = keep("m" + k, marker.bind(null, k, L.latLng(placed.lat[k], placed.lon[k]), false));
          }
        }
        if (spread) {
          var centre = map.unproject([spread.cx, spread.cy], zoom);
          spread.members.forEach(function (k, i) {
            var at = map.unproject([spread.x[i], spread.y[i]], zoom);
            keep("l" + spread.id + ":" + k, function () {
              return L.polyline([centre, at], {
                pane: PANE, renderer: topRenderer, color: "#222222", weight: 1.5, opacity: 0.5, interactive: false
              });
            });
            var name = "p" + spread.id + ":" + k + (k === selected ? "*" : "");
            markerOf[k] = keep(name, marker.bind(null, k, at, true));
          });
        }
        if (selected >= 0 && !markerOf[selected]) {
          k = selected;
          markerOf[k] = keep("s" + k, marker.bind(null, k, L.latLng(placed.lat[k], placed.lon[k]), true));
        }
        Object.keys(drawn).forEach(function (name) {
          eventLayer.removeLayer(drawn[name]);
        });
        drawn = next;
        next = null;
        drawClusters(cells, zoom);
        drawCircles(zoom, scale, box);
      }

      /* The dashed circles of the approximate placements that have events passing
       * the filters, and whose edge is in view and of a size worth drawing. */
      function drawCircles(zoom, scale, box) {
        var places = placed.places;
        var wanted = [];
        if (map.hasLayer(circleLayer)) {
          var perMetre = crs.scale(zoom) / EQUATOR_M;
          for (var i = 0; i < places.count; i++) {
            if (!placeOn[i]) continue;
            var r = (places.radius[i] * perMetre) / Math.cos((places.lat[i] * Math.PI) / 180);
            if (r < CIRCLE_MIN_PX || r > CIRCLE_MAX_PX) continue;
            var x = places.x[i] * scale;
            var y = places.y[i] * scale;
            // The edge crosses the box: the box's nearest point is inside the circle, its farthest corner outside.
            var nearX = Math.max(box.minX - x, 0, x - box.maxX);
            var nearY = Math.max(box.minY - y, 0, y - box.maxY);
            var farX = Math.max(x - box.minX, box.maxX - x);
            var farY = Math.max(y - box.minY, box.maxY - y);
            if (nearX * nearX + nearY * nearY > r * r || farX * farX + farY * farY < r * r) continue;
            wanted.push(i);
          }
          if (wanted.length > CIRCLE_MAX) {
            wanted.sort(function (a, b) { return placeOn[b] - placeOn[a] || a - b; });
            wanted.length = CIRCLE_MAX;
          }
        }
        var nextCircles = {};
        wanted.forEach(function (i) {
          var layer = drawnCircles[i];
          if (layer) delete drawnCircles[i];
          else {
            layer = L.circle([places.lat[i], places.lon[i]], {
              radius: places.radius[i],
              color: "#4a4f57",
              weight: 1.2,
              opacity: 0.55,
              dashArray: "5 4",
              fill: true,
              fillOpacity: 0.03,
              interactive: false,
              className: "precision-circle"
            });
            circleLayer.addLayer(layer);
          }
          nextCircles[i] = layer;
        });
        Object.keys(drawnCircles).forEach(function (i) {
          circleLayer.removeLayer(drawnCircles[i]);
        });
        drawnCircles = nextCircles;
      }

      /* The events counted in the cluster drawn for grid square c. */
      function membersOf(c) {
        var members = [];
        var root = grid.root;
        for (var k = 0; k < P; k++) if (cellOf[k] >= 0 && root[cellOf[k]] === c) members.push(k);
        return members;
      }

      /* A cluster was clicked: zoom in to its events, or where zooming in would
       * not part them, spread them around it (or list them, if many). */
      function openCluster(layer) {
        var members = membersOf(layer.cell);
        if (!members.length) return;
        var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
        var south = Infinity, north = -Infinity, west = Infinity, east = -Infinity;
        members.forEach(function (k) {
          x0 = Math.min(x0, placed.x[k]);
          x1 = Math.max(x1, placed.x[k]);
          y0 = Math.min(y0, placed.y[k]);
          y1 = Math.max(y1, placed.y[k]);
          south = Math.min(south, placed.lat[k]);
          north = Math.max(north, placed.lat[k]);
          west = Math.min(west, placed.lon[k]);
          east = Math.max(east, placed.lon[k]);
        });
        var zoom = map.getZoom();
        var deepest = scaleAt(map.getMaxZoom());
        var together = (x1 - x0) * deepest < TOGETHER && (y1 - y0) * deepest < TOGETHER;
        if (zoom < map.getMaxZoom() && !together) {
          map.fitBounds(L.latLngBounds([south, west], [north, east]), { padding: [CELL, CELL], maxZoom: map.getMaxZoom() });
        } else if (members.length <= SPREAD_MAX) {
          openSpread(members, layer.at[0], layer.at[1], zoom);
        } else {
          openList(members, layer.getLatLng());
        }
      }

      function openSpread(members, cx, cy, zoom) {
        closeSpread();
        var radius = 0;
        members.forEach(function (k) {
          radius = Math.max(radius, eventAt(k).radius);
        });
        var offsets = spreadOffsets(members.length, radius);
        spread = { id: ++spreads, zoom: zoom, members: members, x: offsets.dx, y: offsets.dy, cx: cx, cy: cy };
        members.forEach(function (k, i) {
          spread.x[i] += cx;
          spread.y[i] += cy;
          skip[k] = 1;
        });
        redraw();
      }

      function closeSpread() {
        if (!spread) return;
        spread.members.forEach(function (k) {
          skip[k] = 0;
        });
        spread = null;
      }

      /* Too many events at one spot to spread: a list to pick them from. */
      function openList(members, latlng) {
        var box = el("div", "event-list");
        box.appendChild(el("p", "event-list-title", members.length + " events here"));
        var items = el("ul");
        members.slice(0, LIST_MAX).forEach(function (k) {
          var ev = eventAt(k);
          var button = el("button", "event-list-item");
          button.type = "button";
          button.appendChild(T.swatch(data.categories[ev.category].color));
          button.appendChild(el("span", "event-list-name", ev.title));
          button.appendChild(el("span", "event-list-date", " · " + T.dateSaid(ev)));
          button.addEventListener("click", function () {
            pick(k);
          });
          var item = el("li");
          item.appendChild(button);
          items.appendChild(item);
        });
        box.appendChild(items);
        if (members.length > LIST_MAX) {
          box.appendChild(el("p", "legend-note", "And " + (members.length - LIST_MAX) + " more: narrow them down with the filters."));
        }
        list.setLatLng(latlng).setContent(box).openOn(map);
      }

      map.on("click", function () {
        if (!spread) return;
        closeSpread();
        redraw();
      });
      map.on("moveend", redraw);

      function applyFilters() {
        seenVisible = state.visible;
        var visible = state.visible;
        placeOn.fill(0);
        for (var k = 0; k < P; k++) {
          on[k] = visible[placed.index[k]] ? 1 : 0;
          if (on[k] && placed.place[k] >= 0) placeOn[placed.place[k]]++;
        }
        closeSpread();
        syncing = true;
        toggles.forEach(function (layer) {
          var chosen = state.filters.category;
          var ticked = !chosen || layer.categoryIds.some(function (id) { return chosen.indexOf(id) >= 0; });
          if (ticked && !map.hasLayer(layer)) map.addLayer(layer);
          if (!ticked && map.hasLayer(layer)) map.removeLayer(layer);
        });
        syncing = false;
        slider.follow(state.filters.to);
      }

      /* Bring event k into view on its own: centred, zoomed in far enough that
       * its nearest neighbour is SEPARATE pixels away (events at the very same
       * spot cannot be parted; the selection is drawn above them). */
      function reveal(k) {
        var zoom = map.getZoom();
        var nearest = Infinity;
        var x = placed.x[k];
        var y = placed.y[k];
        for (var j = 0; j < P; j++) {
          if (!on[j] || j === k) continue;
          var dx = placed.x[j] - x;
          var dy = placed.y[j] - y;
          var d = dx * dx + dy * dy;
          if (d > 0 && d < nearest) nearest = d;
        }
        var target = zoom;
        if (nearest < Infinity) {
          // Distances grow twofold with each zoom level.
          var need = Math.ceil(Math.log(SEPARATE / Math.sqrt(nearest)) / Math.LN2);
          target = Math.min(map.getMaxZoom(), Math.max(zoom, need));
        }
        var latlng = L.latLng(placed.lat[k], placed.lon[k]);
        if (target !== zoom || !map.getBounds().contains(latlng)) map.setView(latlng, target, { animate: false });
      }

      function follow(source) {
        dirty = true;
        if (state.visible !== seenVisible) applyFilters();
        var i = state.selected ? data.byId[state.selected] : undefined;
        var k = i === undefined ? -1 : placed.byEvent[i];
        selected = k >= 0 && on[k] ? k : -1;
        if (source !== "map" && spread && spread.members.indexOf(selected) < 0) closeSpread();
        if (selected < 0 || source === "map") {
          if (selected < 0 && source !== "map") map.closePopup();
          redraw();
          return;
        }
        map.closePopup();
        reveal(selected);
        if (dirty) redraw();
        openCard(selected);
      }

      state.on(function (s, source) {
        follow(source);
      });
      follow(state.selected ? "start" : "map");
      // Drawn: say so (the picture export waits for this). Leaflet has put every
      // path in the page by now; a timer, not an animation frame, since a
      // background tab gets no frames.
      T.mark("map drawn");
      window.setTimeout(function () {
        document.body.dataset.ready = "true";
      }, 0);
      return current;
    }
  };
})();
