/* The events on the Leaflet map that folium sets up, as Timeline.map: the map's
 * view of the data, what a click on it does, and following the shared state.
 *
 * One circle per placed event, coloured by category and sized by deaths
 * (map-style.js). The map follows Timeline.state: filters hide markers, a
 * selection brings its marker into view and opens its card; the layer
 * control's categories and the time slider (map-controls.js, map-time.js)
 * change the filters. Clicking a cluster's count zooms in to its events or,
 * where zooming cannot tell them apart (attacks placed at one city's centre),
 * spreads them around it, or lists them when there are too many to spread.
 *
 * Made for hundreds of thousands of events: each placed event's position is
 * projected once, into typed arrays, and every change of view or of the
 * filters sorts the events in view into a grid (map-cluster.js); only what is
 * on screen becomes a Leaflet layer, a few hundred at most (map-draw.js).
 * All of it shares one object, the view `v` made here.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;
  var draw = T.mapDraw;
  var TOGETHER = 40; // events closer than this at the deepest zoom are spread apart, not zoomed to
  var SPREAD_MAX = 60; // more events than this at one spot are listed rather than spread
  var LIST_MAX = 500; // entries in such a list
  var STEP_ZOOM = 7; // a story's step is framed no closer than this (a city and its surroundings)

  /* The map's view of `data`: the placed events and what is drawn of them. */
  function view(map, data, state) {
    var crs = map.options.crs;
    var project = function (lat, lon) { return crs.latLngToPoint(L.latLng(lat, lon), 0); };
    var placed = T.cluster.placed(data.events, crs === L.CRS.EPSG3857 ? null : project, data);
    var P = placed.count;
    var layers = draw.layers(map);
    var v = {
      map: map,
      crs: crs,
      data: data,
      events: data.events,
      state: state,
      placed: placed,
      on: new Uint8Array(P), // passes the filters
      skip: new Uint8Array(P), // spread apart, so left out of the grid
      cellOf: new Int32Array(P),
      placeOn: new Int32Array(placed.places.count), // events passing the filters, per dashed circle
      seenVisible: null,
      selected: -1, // k of the selected event, when it passes the filters
      grid: null, // the last T.cluster.bin()
      spread: null, // markers spread around a point: {id, zoom, members, x, y, cx, cy}
      spreads: 0,
      dirty: true,
      eventLayer: layers.eventLayer,
      circleLayer: layers.circleLayer,
      topRenderer: layers.topRenderer,
      drawn: {}, // name -> layer, for the markers on the map now
      clusters: [], // and the clusters' counts
      drawnCircles: {},
      markerOf: {}, // k -> the marker drawing event k now
      autoAt: {}, // k -> where event k is drawn, in a cluster drawn spread
      card: L.popup({ maxWidth: 380, maxHeight: 420, className: "event-popup", autoPanPadding: [20, 20] }),
      list: L.popup({ maxWidth: 380, maxHeight: 320, className: "event-popup event-list-popup", autoPanPadding: [20, 20] })
    };
    v.onPick = function (k) { pick(v, k); };
    v.onCluster = function (layer) { openCluster(v, layer); };
    return v;
  }

  /* The box around every placed event. */
  function bounds(placed) {
    if (!placed.count) return L.latLngBounds([]);
    var minLat = Infinity, maxLat = -Infinity, minLon = Infinity, maxLon = -Infinity;
    for (var k = 0; k < placed.count; k++) {
      if (placed.lat[k] < minLat) minLat = placed.lat[k];
      if (placed.lat[k] > maxLat) maxLat = placed.lat[k];
      if (placed.lon[k] < minLon) minLon = placed.lon[k];
      if (placed.lon[k] > maxLon) maxLon = placed.lon[k];
    }
    return L.latLngBounds([minLat, minLon], [maxLat, maxLon]);
  }

  /* What the page and the tests ask of the map: Timeline.map.current. */
  function api(v, box) {
    var placed = v.placed;
    var events = v.events;
    return {
      map: v.map,
      bounds: box,
      /* The ids of the events the map shows after the filters, drawn or counted
       * in a cluster, in view or not. */
      shown: function () {
        var ids = [];
        for (var k = 0; k < placed.count; k++) if (v.on[k]) ids.push(events[placed.index[k]].id);
        return ids;
      },
      /* The ids of the events drawn or counted in a cluster on the map now. */
      onScreen: function () {
        var ids = [];
        if (!v.map.hasLayer(v.eventLayer)) return ids;
        for (var k = 0; k < placed.count; k++) {
          if (v.cellOf[k] >= 0 || v.skip[k] || k === v.selected) ids.push(events[placed.index[k]].id);
        }
        return ids;
      },
      /* The Leaflet layer drawing event `id` on its own now, or null. */
      layerFor: function (id) {
        var k = v.data.byId[id] === undefined ? -1 : placed.byEvent[v.data.byId[id]];
        return (k >= 0 && v.markerOf[k]) || null;
      },
      redraw: function () {
        draw.redraw(v);
      },
      /* Frame the story's step now (print.js, after laying the map out for paper); false out of a story. */
      frameStep: function () {
        if (!v.state.step()) return false;
        frameStep(v);
        return true;
      },
      /* Move the events drawn in view clear of `box` (an opened legend),
       * zooming out if need be, never in. */
      clearOf: function (box) {
        clearOf(v, box);
      }
    };
  }

  function clearOf(v, box) {
    var map = v.map;
    var view = map.getBounds();
    var shown = L.latLngBounds([]);
    for (var k = 0; k < v.placed.count; k++) {
      if (!v.on[k] || v.cellOf[k] < 0) continue;
      var at = L.latLng(v.placed.lat[k], v.placed.lon[k]);
      if (view.contains(at)) shown.extend(at);
    }
    if (!shown.isValid()) return;
    var frame = map.getContainer().getBoundingClientRect();
    var legend = box.getBoundingClientRect();
    var time = map.getContainer().querySelector(".time-control");
    var bottom = time ? frame.bottom - time.getBoundingClientRect().top + 16 : 24;
    var pad = 20;
    // The events go below the legend when there is more room there, else beside it
    // (to its left; right to left, the legend is on the left: to its right).
    var beside = T.rtl ? frame.right - legend.right : legend.left - frame.left;
    var below = frame.bottom - bottom - legend.bottom > beside;
    var topLeft = below ? [pad, legend.bottom - frame.top + pad] : [T.rtl ? legend.right - frame.left + pad : pad, pad];
    var bottomRight = below ? [pad, bottom + pad] : [T.rtl ? pad : frame.right - legend.left + pad, bottom + pad];
    map.fitBounds(shown, { paddingTopLeft: topLeft, paddingBottomRight: bottomRight, maxZoom: map.getZoom(), animate: false });
  }

  function openCard(v, k) {
    v.card.setLatLng(draw.where(v, k));
    v.card.setContent(T.card(v.events[v.placed.index[k]], v.data));
    if (!v.map.hasLayer(v.card)) v.card.openOn(v.map);
  }

  /* The reader picked event k on the map. */
  function pick(v, k) {
    v.state.select(v.events[v.placed.index[k]].id, "map");
    if (v.selected === k) openCard(v, k);
  }

  /* A cluster was clicked: zoom in to its events, or where zooming in would
   * not part them, spread them around it (or list them, if many). */
  function openCluster(v, layer) {
    var members = T.cluster.members(v.grid, v.cellOf, layer.cell);
    if (!members.length) return;
    var e = T.cluster.extent(v.placed, members);
    var map = v.map;
    var zoom = map.getZoom();
    var deepest = draw.scaleAt(v, map.getMaxZoom());
    var together = (e.x1 - e.x0) * deepest < TOGETHER && (e.y1 - e.y0) * deepest < TOGETHER;
    if (zoom < map.getMaxZoom() && !together) {
      var cell = T.cluster.CELL;
      map.fitBounds(L.latLngBounds([e.south, e.west], [e.north, e.east]), { padding: [cell, cell], maxZoom: map.getMaxZoom() });
    } else if (members.length <= SPREAD_MAX) {
      draw.openSpread(v, members, layer.at[0], layer.at[1], zoom);
    } else {
      openList(v, members, layer.getLatLng());
    }
  }

  /* Too many events at one spot to spread: a list to pick them from. */
  function openList(v, members, latlng) {
    var box = el("div", "event-list");
    box.appendChild(el("p", "event-list-title", T.n_("{n} event here", "{n} events here", members.length)));
    var items = el("ul");
    members.slice(0, LIST_MAX).forEach(function (k) {
      var ev = v.events[v.placed.index[k]];
      var button = el("button", "event-list-item");
      button.type = "button";
      button.appendChild(T.swatch(v.data.categories[ev.category].color));
      var name = el("span", "event-list-name", ev.title);
      name.dir = "auto"; // the table's words, isolated from ours
      button.appendChild(name);
      button.appendChild(el("span", "event-list-date", T._(" · ") + T.dateSaid(ev)));
      button.addEventListener("click", function () {
        pick(v, k);
      });
      var item = el("li");
      item.appendChild(button);
      items.appendChild(item);
    });
    box.appendChild(items);
    if (members.length > LIST_MAX) {
      box.appendChild(el("p", "legend-note", T.n_("And {n} more: narrow it down with the filters.", "And {n} more: narrow them down with the filters.", members.length - LIST_MAX)));
    }
    v.list.setLatLng(latlng).setContent(box).openOn(v.map);
  }

  /* The filters changed: which events pass, how many per dashed circle, and
   * the layer control's categories and the time slider set to match. */
  function applyFilters(v) {
    var state = v.state;
    var visible = state.visible;
    var placed = v.placed;
    var on = v.on;
    var placeOn = v.placeOn;
    v.seenVisible = visible;
    placeOn.fill(0);
    for (var k = 0; k < placed.count; k++) {
      on[k] = visible[placed.index[k]] ? 1 : 0;
      if (on[k] && placed.place[k] >= 0) placeOn[placed.place[k]]++;
    }
    draw.closeSpread(v);
    v.toggles.follow(state.filters.category);
    v.slider.follow(state.filters.to);
  }

  /* Bring event k into view on its own: centred, zoomed in far enough to part
   * it from its nearest neighbour (the selection is drawn above the rest),
   * unless it is in view already, drawn spread apart from its neighbours. */
  function reveal(v, k) {
    var map = v.map;
    var zoom = map.getZoom();
    var latlng = L.latLng(v.placed.lat[k], v.placed.lon[k]);
    var inView = map.getBounds().contains(latlng);
    if (inView) {
      draw.redraw(v);
      if (v.autoAt[k]) return;
    }
    var target = T.cluster.zoomToPart(v.placed, v.on, k, zoom, map.getMaxZoom());
    if (target !== zoom || !inView) map.setView(latlng, target, { animate: false });
  }

  /* A story's step (state.step()): frame its view (the world; a box; or
   * its placed events, close enough to part them, no closer than a city);
   * out of the story, the first view again. */
  function frameStep(v) {
    var map = v.map;
    var now = v.state.step();
    var view = now && now.step.view;
    var box = null;
    if (!now) {
      T.map.fit(v.legend);
      return;
    }
    if (Array.isArray(view)) {
      box = L.latLngBounds([view[0], view[1]], [view[2], view[3]]);
    } else if (view === "world") {
      box = v.bounds;
    } else {
      var points = [];
      now.events.forEach(function (i) {
        var k = v.placed.byEvent[i];
        if (k >= 0) points.push([v.placed.lat[k], v.placed.lon[k]]);
      });
      if (!points.length) return;
      box = L.latLngBounds(points);
    }
    if (!box || !box.isValid()) return;
    var side = v.legend ? v.legend.offsetWidth + 24 : 24; // the legend's side: the right (left, right to left)
    map.fitBounds(box, {
      paddingTopLeft: [T.rtl ? side : 40, 40],
      paddingBottomRight: [T.rtl ? 40 : side, 60],
      maxZoom: STEP_ZOOM,
      animate: false
    });
  }

  /* The shared state changed (by `source`): follow its filters and selection. */
  function follow(v, source, changed) {
    var state = v.state;
    var map = v.map;
    v.dirty = true;
    if (state.visible !== v.seenVisible) applyFilters(v);
    if (changed && changed.story) {
      map.closePopup();
      frameStep(v);
    }
    var i = state.selected ? v.data.byId[state.selected] : undefined;
    var k = i === undefined ? -1 : v.placed.byEvent[i];
    v.selected = k >= 0 && v.on[k] ? k : -1;
    if (source !== "map" && v.spread && v.spread.members.indexOf(v.selected) < 0) draw.closeSpread(v);
    if (v.selected < 0 || source === "map") {
      if (v.selected < 0 && source !== "map") map.closePopup();
      draw.redraw(v);
      return;
    }
    map.closePopup();
    reveal(v, v.selected);
    if (v.dirty) draw.redraw(v);
    openCard(v, v.selected);
  }

  /* The event layers, the category toggles and the time slider, wired to the state. */
  function addLayers(v, layerControl, picture) {
    var map = v.map;
    var state = v.state;
    v.circleLayer.addTo(map);
    v.eventLayer.addTo(map);
    layerControl.addOverlay(v.eventLayer, T.escape(T._("Events")));
    layerControl.addOverlay(v.circleLayer, T.escape(T._("Placement uncertainty")));
    v.toggles = T.mapControls.categoryToggles(map, layerControl, v.data, v.placed.used, state);
    map.on("overlayadd overlayremove", function (e) {
      if (e.layer === v.eventLayer || e.layer === v.circleLayer) draw.redraw(v);
    });
    v.slider = T.mapTime.control(v.data, function (to) {
      state.setFilters({ to: to }, "map-time");
    });
    if (!picture) v.slider.addTo(map);
    map.on("click", function () {
      if (!v.spread) return;
      draw.closeSpread(v);
      draw.redraw(v);
    });
    map.on("moveend", function () {
      draw.redraw(v);
      // A card open on a spread marker follows it to where the new zoom draws it.
      if (v.selected >= 0 && map.hasLayer(v.card)) v.card.setLatLng(draw.where(v, v.selected));
    });
    document.addEventListener("keydown", function (e) {
      closeOnEscape(v, e);
    });
  }

  /* Escape closes the map's open card or list, wherever the focus is, and
   * nothing else: the selection, the filters and the view stay. Not while
   * typing in a field outside the map, where Escape is the field's. */
  function closeOnEscape(v, e) {
    if (e.key !== "Escape" || e.defaultPrevented) return;
    var map = v.map;
    var open = map.hasLayer(v.card) ? v.card : map.hasLayer(v.list) ? v.list : null;
    if (!open) return;
    var container = map.getContainer();
    var target = e.target;
    var field = target && target.matches && target.matches("input, textarea, select, [contenteditable]");
    if (field && !container.contains(target)) return;
    var inside = document.activeElement && open.getElement() && open.getElement().contains(document.activeElement);
    map.closePopup(open);
    if (inside) container.focus({ preventScroll: true });
  }

  /* map.html?picture: every event drawn as itself, labelled (map-picture.js). */
  function drawPicture(map, data, v, current) {
    T.mapPicture.draw(map, data, v.placed);
    T.mark("map drawn");
    window.setTimeout(function () {
      document.body.dataset.ready = "true";
    }, 0);
    return current;
  }

  T.map = {
    /* Frame every placed event, keeping them clear of the legend. */
    fit: function (legendBox) {
      var current = T.map.current;
      if (!current || !current.bounds.isValid()) return;
      var side = legendBox ? legendBox.offsetWidth + 24 : 24; // the legend's side: the right (left, right to left)
      current.map.fitBounds(current.bounds, {
        paddingTopLeft: [T.rtl ? side : 40, 40],
        paddingBottomRight: [T.rtl ? 40 : side, 24],
        maxZoom: 6,
        animate: false
      });
    },

    /* Draw the events of `data` on `map` and list them in `layerControl`. */
    addEvents: function (map, layerControl, data) {
      var state = T.state;
      state.start();
      T.mapControls.tileNotice(map);
      T.mapControls.credit(map);
      var v = view(map, data, state);
      var picture = Boolean(T.mapPicture) && T.mapPicture.active(); // map.html only carries map-picture.js
      if (picture) {
        document.body.classList.add("picture");
        // The page's header is hidden now, so the map is larger: tell Leaflet,
        // or its outlines stay drawn for the old size (cut along a straight line).
        map.invalidateSize({ pan: false });
        T.mapControls.caption(data).addTo(map);
      }
      var key = T.mapControls.legend(map, data, v.placed.used, picture).addTo(map);
      var current = (T.map.current = api(v, bounds(v.placed)));
      if (picture) return drawPicture(map, data, v, current);
      T.map.fit(key.getContainer());
      addLayers(v, layerControl, picture);
      v.legend = key.getContainer();
      v.bounds = current.bounds;
      state.on(function (s, source, changed) {
        follow(v, source, changed);
      });
      follow(v, state.selected ? "start" : "map", state.story ? { story: true } : null);
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
