/* The events on the Leaflet map that folium sets up.
 *
 * One circle per placed event, coloured by category and sized by deaths
 * (hollow where deaths are unknown). A placement less precise than the site
 * itself (city, region, country) also gets a dashed circle as wide as that
 * uncertainty. Markers close together are clustered and spread apart on zoom
 * or click, so events in one city (the three Kabul attacks) stay apart.
 * Popups are built when opened. The map follows Timeline.state: filters hide
 * markers, a selection flies to its marker and opens its popup; the layer
 * control's categories and the time slider change the filters.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var el = T.el;
  var DAY = 86400000;

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

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? 30 : count < 100 ? 36 : 44;
    return L.divIcon({
      html: "<span>" + Number(count) + "</span>",
      className: "event-cluster",
      iconSize: L.point(size, size)
    });
  }

  function tooltipFor(ev) {
    var box = el("span", "event-tooltip");
    box.appendChild(el("strong", null, ev.title));
    box.appendChild(el("span", null, " · " + T.dateLabel(ev)));
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
      box.open = picture || map.getSize().y >= 460;
      box.setAttribute("aria-label", "Map legend");
      box.appendChild(el("summary", "legend-title", "Legend"));
      box.appendChild(el("p", "legend-heading", "Category"));
      data.categories.forEach(function (category, i) {
        if (!used[i]) return;
        var swatch = el("span", "swatch");
        swatch.style.background = category.color;
        box.appendChild(legendItem(swatch, category.label));
      });
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
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    return control;
  }

  /* The time slider: show events up to a date, or play through them. */
  function timeControl(data, onChange) {
    var starts = data.events.map(function (ev) { return Date.parse(ev.date.start); });
    var ends = data.events.map(function (ev) { return Date.parse(ev.end_date ? ev.end_date.end : ev.date.end); });
    var min = Math.min.apply(null, starts);
    var max = Math.max.apply(null, ends);
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

  function precisionCircles(data) {
    /* One dashed circle per distinct approximate placement, shared by its events. */
    var circles = {};
    data.events.forEach(function (ev, i) {
      if (!ev.loc || !ev.loc.radius_m) return;
      var key = ev.loc.lat + "," + ev.loc.lon + "," + ev.loc.radius_m;
      if (!circles[key]) {
        circles[key] = {
          layer: L.circle([ev.loc.lat, ev.loc.lon], {
            radius: ev.loc.radius_m,
            color: "#4a4f57",
            weight: 1.2,
            opacity: 0.55,
            dashArray: "5 4",
            fill: true,
            fillOpacity: 0.03,
            interactive: false,
            className: "precision-circle"
          }),
          events: []
        };
      }
      circles[key].events.push(i);
    });
    return Object.keys(circles).map(function (k) { return circles[k]; });
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
      var group = L.markerClusterGroup({
        maxClusterRadius: 30,
        showCoverageOnHover: false,
        spiderfyOnMaxZoom: true,
        spiderfyDistanceMultiplier: 1.6,
        // Re-cluster at once on zoom: a selection can then find its marker straight away.
        animate: false,
        iconCreateFunction: clusterIcon
      });
      var markers = {};
      var byIndex = [];
      var used = {};
      var bounds = L.latLngBounds([]);
      data.events.forEach(function (ev, i) {
        if (!ev.loc) return;
        var category = data.categories[ev.category];
        used[ev.category] = true;
        var marker = L.circleMarker([ev.loc.lat, ev.loc.lon], markerStyle(ev, category));
        marker.eventId = ev.id;
        marker.bindPopup(function () {
          return T.card(ev, data);
        }, { maxWidth: 380, maxHeight: 420, className: "event-popup", autoPanPadding: [20, 20] });
        marker.bindTooltip(tooltipFor(ev), { direction: "top", offset: [0, -ev.radius] });
        marker.on("click", function () {
          state.select(ev.id, "map");
        });
        markers[ev.id] = marker;
        byIndex[i] = marker;
        bounds.extend(marker.getLatLng());
      });
      var circles = precisionCircles(data);
      var circleLayer = L.layerGroup(circles.map(function (c) { return c.layer; }));

      var picture = /[?&]picture\b/.test(window.location.search);
      if (picture) {
        document.body.classList.add("picture");
        caption(data).addTo(map);
      }
      var key = legend(map, data, used, picture).addTo(map);
      var current = (T.map.current = { map: map, group: group, markers: markers, bounds: bounds });
      // Frame the events before clustering them, so clusters are made once, at the final zoom.
      T.map.fit(key.getContainer());
      circleLayer.addTo(map);
      group.addLayers(byIndex.filter(Boolean));
      map.addLayer(group);
      layerControl.addOverlay(group, "Events");
      layerControl.addOverlay(circleLayer, "Placement uncertainty");

      // One entry per category in the layer control; ticking it changes the shared filter.
      var toggles = [];
      var syncing = false;
      data.categories.forEach(function (category, i) {
        if (!used[i]) return;
        var layer = L.layerGroup().addTo(map);
        layer.categoryId = category.id;
        toggles.push(layer);
        var name = '<span class="swatch" style="background:' + T.escape(category.color) + '"></span>' + T.escape(category.label);
        layerControl.addOverlay(layer, name);
      });
      function onToggle() {
        if (syncing) return;
        var on = toggles.filter(function (l) { return map.hasLayer(l); }).map(function (l) { return l.categoryId; });
        state.setFilters({ category: on.length === toggles.length ? null : on }, "map-layers");
      }
      map.on("overlayadd overlayremove", function (e) {
        if (toggles.indexOf(e.layer) >= 0) onToggle();
      });

      var slider = timeControl(data, function (to) {
        state.setFilters({ to: to }, "map-time");
      });
      if (!picture) slider.addTo(map);

      var shown = byIndex.map(function () { return true; });
      function applyFilters() {
        var add = [];
        var remove = [];
        byIndex.forEach(function (marker, i) {
          if (!marker) return;
          var visible = state.visible[i];
          if (visible && !shown[i]) add.push(marker);
          if (!visible && shown[i]) remove.push(marker);
          shown[i] = visible;
        });
        if (remove.length) group.removeLayers(remove);
        if (add.length) group.addLayers(add);
        circles.forEach(function (c) {
          var visible = c.events.some(function (i) { return state.visible[i]; });
          c.layer.setStyle({ opacity: visible ? 0.55 : 0, fillOpacity: visible ? 0.03 : 0 });
        });
        syncing = true;
        toggles.forEach(function (layer) {
          var on = !state.filters.category || state.filters.category.indexOf(layer.categoryId) >= 0;
          if (on && !map.hasLayer(layer)) map.addLayer(layer);
          if (!on && map.hasLayer(layer)) map.removeLayer(layer);
        });
        syncing = false;
        slider.follow(state.filters.to);
      }

      var highlighted = null;
      function applySelection(source) {
        if (highlighted) {
          var ev = data.events[data.byId[highlighted.eventId]];
          highlighted.setStyle(markerStyle(ev, data.categories[ev.category]));
          highlighted = null;
        }
        var marker = state.selected && markers[state.selected];
        if (!marker || !group.hasLayer(marker)) {
          if (source !== "map") map.closePopup();
          return;
        }
        marker.setStyle({ color: "#111111", weight: 3.5 });
        highlighted = marker;
        if (source !== "map") {
          map.closePopup();
          reveal(marker, function () {
            marker.openPopup();
          });
        }
      }

      /* Bring a marker into view on its own (zooming in past its cluster, or
       * spreading a cluster of markers at one point), then call `done`.
       * markercluster's zoomToShowLayer waits for an icon, which circle markers lack. */
      function reveal(marker, done) {
        var parent = group.getVisibleParent(marker);
        if (parent === marker && map.getBounds().contains(marker.getLatLng())) return done();
        var cluster = marker.__parent;
        var zoom = map.getZoom();
        if (parent !== marker && cluster && cluster._zoom !== undefined) {
          zoom = Math.max(zoom, Math.min(map.getMaxZoom(), cluster._zoom + 1));
        }
        map.setView(marker.getLatLng(), zoom, { animate: false });
        parent = group.getVisibleParent(marker);
        if (parent && parent !== marker && parent.spiderfy) {
          group.once("spiderfied", function () { done(); });
          parent.spiderfy();
        } else {
          done();
        }
      }

      state.on(function (s, source) {
        applyFilters();
        applySelection(source);
      });
      applyFilters();
      if (state.selected) applySelection("start");
      // Drawn: say so (the picture export waits for this). Leaflet has put every
      // path in the page by now; a timer, not an animation frame, since a
      // background tab gets no frames.
      window.setTimeout(function () {
        document.body.dataset.ready = "true";
      }, 0);
      return current;
    }
  };
})();
