/* The map in picture mode (map.html?picture, what `timeline build --images`
 * draws), as Timeline.mapPicture: every placed event drawn as itself, no
 * clustering, in one SVG renderer (so the PDF is vector and map.svg can be
 * read off the page), coloured by category and sized by deaths, hollow where
 * deaths are unknown. Events whose circles would overlap are fanned on a ring
 * around their spot with a leg back to it. The attacks are labelled with
 * their title and date, the other events with their date where it fits; a
 * label goes beside its marker, or further out with a leader line, never over
 * another label, a marker or a control (a greedy layout, the attacks first).
 *
 * The frame (`frame=` in the address: auto, world or S,W,N,E) is the events'
 * box padded, or the world; a regional frame gets a small world locator in
 * a corner, drawn from the same country outlines, marking the frame.
 *
 * What was drawn is announced as Timeline.mapPicture.drawn: the frame, the
 * marks, the labels (for the tests and the alt text).
 *
 * Text holding Arabic script (a Persian title, the caption and legend in
 * Persian) is set in ARABIC_FONT first (Debian's fonts-noto-ui-core), the
 * page's own fonts after it for the rest. On a right-to-left page the
 * labels' lines are laid out right to left, right-aligned in their box, and
 * map.svg says the direction each text is laid out in.
 */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var SVGNS = "http://www.w3.org/2000/svg";
  var WORLD = [[-56, -168], [76, 180]]; // the inhabited world, as S,W / N,E
  var MIN_SPAN = 6; // degrees: an auto frame is never narrower than this
  var PAD = 0.12; // an auto frame's padding, as a share of its span on each side
  var SAME_SPOT = 0.6; // circles nearer than this share of their radii are fanned
  var GAP = 4; // pixels between a marker and its label, and kept clear around labels
  var LEADS = [26, 50, 80, 120, 170, 240, 320, 420]; // how far out a label may go, with a leader line
  var WRAP = 24; // characters per line of a label's title
  var MAX_RING = 70; // pixels: fans are not joined into a wider ring than this
  var TITLE_MAX = 30; // attacks labelled with their title at most, the deadliest first
  var DATE_MAX = 300; // the other events get their date only when the frame holds at most this many
  var INSET_W = 150; // the locator's width, in pixels
  var ARABIC = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
  var ARABIC_FONT = '"Noto Sans Arabic UI"';
  // Letters and digits that run against a line's direction (as bidi.py's needs_isolate tells them).
  var AGAINST = { rtl: /[A-Za-z0-9\u00c0-\u024f\u0370-\u052f]/, ltr: /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/ };

  function param(name) {
    var found = new RegExp("[?&]" + name + "=([^&]*)").exec(window.location.search);
    return found ? decodeURIComponent(found[1]) : null;
  }

  function active() {
    return /[?&]picture\b/.test(window.location.search);
  }

  /* The frame asked for, as Leaflet bounds, and whether it is the world's. */
  function frameOf(placed, spec) {
    if (spec && spec !== "auto" && spec !== "world") {
      var n = spec.split(",").map(Number);
      if (n.length === 4 && n.every(isFinite)) return { bounds: L.latLngBounds([n[0], n[1]], [n[2], n[3]]), world: false, spec: spec };
    }
    if (spec === "world" || !placed.count) return { bounds: L.latLngBounds(WORLD), world: true, spec: "world" };
    var s = Infinity, w = Infinity, north = -Infinity, e = -Infinity;
    for (var k = 0; k < placed.count; k++) {
      s = Math.min(s, placed.lat[k]);
      north = Math.max(north, placed.lat[k]);
      w = Math.min(w, placed.lon[k]);
      e = Math.max(e, placed.lon[k]);
    }
    var dLat = Math.max(north - s, MIN_SPAN), dLon = Math.max(e - w, MIN_SPAN);
    var midLat = (s + north) / 2, midLon = (w + e) / 2;
    s = Math.max(-80, midLat - dLat * (0.5 + PAD));
    north = Math.min(84, midLat + dLat * (0.5 + PAD));
    w = Math.max(-180, midLon - dLon * (0.5 + PAD));
    e = Math.min(180, midLon + dLon * (0.5 + PAD));
    var world = e - w > 200;
    return { bounds: world ? L.latLngBounds(WORLD) : L.latLngBounds([s, w], [north, e]), world: world, spec: "auto" };
  }

  /* The boxes of the controls on the map, in container pixels: [l, t, r, b]. */
  function controlBoxes(map) {
    return T.boxesIn(map.getContainer(), ".leaflet-control");
  }

  /* Do segments p1-p2 and q1-q2 cross? */
  function intersect(p, q) {
    function side(a, b, c) { return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]); }
    var d1 = side(q[0], q[1], p[0]), d2 = side(q[0], q[1], p[1]), d3 = side(p[0], p[1], q[0]), d4 = side(p[0], p[1], q[1]);
    return d1 * d2 < 0 && d3 * d4 < 0;
  }

  function crossesAny(lines, line) {
    for (var n = 0; n < lines.length; n++) if (intersect(lines[n], line)) return true;
    return false;
  }

  function linesThrough(lines, box) {
    for (var n = 0; n < lines.length; n++) if (segmentThrough(lines[n], box)) return true;
    return false;
  }

  /* Fit the map to the frame, clear of the caption (top left) and legend (right). */
  function fit(map, frame) {
    var boxes = controlBoxes(map);
    var size = map.getSize();
    var top = 24, right = 24;
    boxes.forEach(function (b) {
      if (b[0] < size.x / 2 && b[1] < size.y / 2) top = Math.max(top, b[3] + 16);
      if (b[0] > size.x / 2) right = Math.max(right, size.x - b[0] + 16);
    });
    map.options.zoomSnap = 0;
    map.fitBounds(frame.bounds, { paddingTopLeft: [24, top], paddingBottomRight: [right, 28], animate: false });
  }

  /* The ring's radius for circles whose diameters (and gaps) add up to
   * `around`, the largest of radius `biggest`. */
  function ringOf(around, biggest) {
    return Math.max((1.25 * around) / (2 * Math.PI), biggest + 14);
  }

  /* Put each group of two or more (by `root`) on a ring round its middle, in date order from the top. */
  function fan(marks, root) {
    var groups = {};
    marks.forEach(function (m, i) {
      (groups[root(i)] = groups[root(i)] || []).push(m);
    });
    Object.keys(groups).forEach(function (g) {
      var members = groups[g];
      if (members.length < 2) return;
      var cx = 0, cy = 0, around = 0;
      members.forEach(function (m) {
        cx += m.x0 / members.length;
        cy += m.y0 / members.length;
        around += 2 * m.r + 6;
      });
      var ring = ringOf(around, Math.max.apply(null, members.map(function (m) { return m.r; })));
      // Round the ring in the order of where they are seen from its middle (so
      // the legs do not cross), those at one spot in date order.
      members.forEach(function (m) {
        m.bearing = Math.hypot(m.x0 - cx, m.y0 - cy) < 1 ? -Math.PI / 2 : Math.atan2(m.y0 - cy, m.x0 - cx);
        m.bearing = Math.round(m.bearing * 100) / 100;
      });
      members.sort(function (a, b) {
        return a.bearing - b.bearing || (a.ev.date.start < b.ev.date.start ? -1 : a.ev.date.start > b.ev.date.start ? 1 : a.k - b.k);
      });
      // The first spot's members centred on its bearing.
      var first = 0;
      members.forEach(function (m) { if (m.bearing === members[0].bearing) first += (Math.PI * (2 * m.r + 6)) / around; });
      var angle = members[0].bearing - first;
      members.forEach(function (m) {
        var step = (Math.PI * (2 * m.r + 6)) / around;
        angle += step;
        m.x = cx + ring * Math.cos(angle);
        m.y = cy + ring * Math.sin(angle);
        m.fan = { x: m.x0, y: m.y0 };
        angle += step;
      });
    });
  }

  /* Visit each pair (i, j), i < j, of marks whose points (xOf, yOf) lie within
   * `reach` of each other on both axes, through a grid (not every pair). */
  function nearPairs(marks, xOf, yOf, reach, visit) {
    var cell = Math.max(8, reach);
    var grid = new Map();
    marks.forEach(function (m, i) {
      var key = Math.floor(xOf(m) / cell) + ":" + Math.floor(yOf(m) / cell);
      if (!grid.has(key)) grid.set(key, []);
      grid.get(key).push(i);
    });
    marks.forEach(function (m, i) {
      var cx = Math.floor(xOf(m) / cell), cy = Math.floor(yOf(m) / cell);
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          var list = grid.get(cx + dx + ":" + (cy + dy)) || [];
          for (var n = 0; n < list.length; n++) if (list[n] > i) visit(i, list[n]);
        }
      }
    });
  }

  /* Each placed event's spot in container pixels, fanned where circles overlap. */
  function spots(map, data, placed) {
    var marks = [];
    var size = map.getSize();
    var biggest = 0;
    for (var k = 0; k < placed.count; k++) {
      var ev = data.events[placed.index[k]];
      var p = map.latLngToContainerPoint([placed.lat[k], placed.lon[k]]);
      var inView = p.x >= 0 && p.y >= 0 && p.x <= size.x && p.y <= size.y;
      marks.push({ k: k, ev: ev, x0: p.x, y0: p.y, x: p.x, y: p.y, r: ev.radius, inView: inView });
      biggest = Math.max(biggest, ev.radius);
    }
    // Circles that overlap are fanned on a ring round their middle; fans that
    // then overlap each other (or another circle) are joined and fanned again,
    // as long as the ring stays at most MAX_RING wide (else they overlap).
    var group = marks.map(function (m, i) { return i; });
    var stats = marks.map(function (m) { return { around: 2 * m.r + 6, biggest: m.r }; });
    function root(i) { return group[i] === i ? i : (group[i] = root(group[i])); }
    function join(i, j) {
      var ri = root(i), rj = root(j);
      if (ri === rj) return false;
      var around = stats[ri].around + stats[rj].around, big = Math.max(stats[ri].biggest, stats[rj].biggest);
      if (ringOf(around, big) > MAX_RING) return false;
      group[ri] = rj;
      stats[rj] = { around: around, biggest: big };
      return true;
    }
    var reach = 2 * biggest + 2;
    var seen = marks.filter(function (m) { return m.inView; }); // only what is in the frame is fanned
    nearPairs(seen, function (m) { return m.x0; }, function (m) { return m.y0; }, reach, function (i, j) {
      var a = seen[i], b = seen[j];
      if (Math.hypot(a.x0 - b.x0, a.y0 - b.y0) < SAME_SPOT * (a.r + b.r) + 2) join(a.k, b.k);
    });
    function joinFans() {
      var joined = false;
      nearPairs(seen, function (m) { return m.x; }, function (m) { return m.y; }, reach, function (i, j) {
        var a = seen[i], b = seen[j];
        if ((a.fan || b.fan) && Math.hypot(a.x - b.x, a.y - b.y) < a.r + b.r + 2 && join(a.k, b.k)) joined = true;
      });
      return joined;
    }
    for (var round = 0; round < 6; round++) {
      fan(marks, root);
      if (!joinFans()) break;
    }
    return marks;
  }

  function svgEl(name, attrs, parent) {
    var node = document.createElementNS(SVGNS, name);
    Object.keys(attrs).forEach(function (a) { node.setAttribute(a, attrs[a]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function wrap(text) {
    var lines = [], line = "";
    text.split(/[ \t\r\n]+/).forEach(function (word) { // not at a no-break space
      if (line && (line + " " + word).length > WRAP) {
        lines.push(line);
        line = word;
      } else line = line ? line + " " + word : word;
    });
    if (line) lines.push(line);
    return lines;
  }

  /* A label's text in `layer`, measured: {node, w, h}. */
  function labelNode(layer, mark, isAttack) {
    var g = svgEl("g", { "class": "event-label picture-label", "data-event": mark.ev.id }, layer);
    var text = svgEl("text", { "class": "picture-label-text", x: 0, y: 0 }, g);
    var lines = isAttack ? wrap(mark.ev.title) : [];
    var against = AGAINST[document.documentElement.dir === "rtl" ? "rtl" : "ltr"];
    lines.forEach(function (line, i) {
      // A line of the title (the table's text) is laid out in its own direction (between U+2068 and U+2069).
      svgEl("tspan", { x: 0, dy: i ? "1.15em" : "0.9em", "class": "picture-label-title" }, text).textContent = against.test(line) ? "\u2068" + line + "\u2069" : line;
    });
    svgEl("tspan", { x: 0, dy: lines.length ? "1.15em" : "0.9em", "class": "picture-label-date" }, text).textContent = T.dateLabel(mark.ev);
    arabicFont(text);
    var box = text.getBBox();
    if (box.x < -0.5) {
      // Laid out right to left (the page's direction): each line ends at x, so
      // its lines are moved right to start the box at 0, right-aligned.
      Array.prototype.forEach.call(text.childNodes, function (line) { line.setAttribute("x", num(-box.x)); });
      box = text.getBBox();
    }
    // A pale ground behind the text (a stroked halo would print each word twice in a PDF).
    var ground = svgEl("rect", { "class": "picture-label-ground", x: -2, y: -1, width: Math.ceil(box.width) + 4, height: Math.ceil(box.height) + 2, rx: 2 });
    g.insertBefore(ground, text);
    return { node: g, text: text, w: Math.ceil(box.width), h: Math.ceil(box.height) };
  }

  /* Set `node` in ARABIC_FONT first when its own text holds Arabic script. */
  function arabicFont(node) {
    if (!ARABIC.test(node.textContent)) return;
    var family = window.getComputedStyle(node).fontFamily;
    if (family.indexOf(ARABIC_FONT) !== 0) node.style.fontFamily = ARABIC_FONT + ", " + family;
  }

  /* The caption's and legend's texts holding Arabic script, in ARABIC_FONT
   * first; on a right-to-left page, the scale's "500 km" read left to right. */
  function arabicControls(container) {
    if (document.documentElement.dir === "rtl") {
      container.querySelectorAll(".leaflet-control-scale-line").forEach(function (line) { line.dir = "ltr"; });
    }
    container.querySelectorAll(".leaflet-control, .leaflet-control *").forEach(function (node) {
      var own = Array.prototype.some.call(node.childNodes, function (c) { return c.nodeType === 3 && ARABIC.test(c.textContent); });
      if (own) arabicFont(node);
    });
  }

  /* Where a label of w×h may go around a mark, best first: beside it, then
   * further out (with a leader line), as [left, top, leader]. */
  function candidates(m, w, h) {
    var x = m.x, y = m.y, r = m.r + GAP;
    var out = [
      [x + r, y - h / 2, false], [x - r - w, y - h / 2, false], [x - w / 2, y - r - h, false], [x - w / 2, y + r, false],
      [x + r * 0.7, y - r * 0.7 - h, false], [x + r * 0.7, y + r * 0.7, false], [x - r * 0.7 - w, y - r * 0.7 - h, false], [x - r * 0.7 - w, y + r * 0.7, false]
    ];
    LEADS.forEach(function (d) {
      for (var a = 0; a < 24; a++) {
        var angle = (a * Math.PI) / 12;
        var c = Math.cos(angle), s = Math.sin(angle);
        var px = x + (r + d) * c, py = y + (r + d) * s;
        var left = c > 0.3 ? px : c < -0.3 ? px - w : px - w / 2;
        var top = s > 0.3 ? py : s < -0.3 ? py - h : py - h / 2;
        out.push([left, top, true]);
      }
    });
    return out;
  }

  /* The nearest point of box b to (x, y). */
  function nearest(b, x, y) {
    return [Math.max(b[0], Math.min(x, b[2])), Math.max(b[1], Math.min(y, b[3]))];
  }

  function deaths(ev) {
    return ev.killed ? ev.killed.high || ev.killed.low || 0 : 0;
  }

  /* Boxes ([l, t, r, b]) found by a grid of CELL pixels, not by looking at each. */
  function boxIndex() {
    var CELL = 64;
    var grid = new Map();
    function each(b, f) {
      for (var x = Math.floor(b[0] / CELL); x <= Math.floor(b[2] / CELL); x++) {
        for (var y = Math.floor(b[1] / CELL); y <= Math.floor(b[3] / CELL); y++) if (f(x + ":" + y)) return true;
      }
      return false;
    }
    return {
      add: function (b) {
        each(b, function (key) {
          if (!grid.has(key)) grid.set(key, []);
          grid.get(key).push(b);
        });
      },
      /* Does `b` overlap a box of the index other than `except`? */
      hits: function (b, except) {
        return each(b, function (key) {
          var list = grid.get(key) || [];
          for (var n = 0; n < list.length; n++) if (list[n] !== except && T.overlapsAny(b, [list[n]])) return true;
          return false;
        });
      }
    };
  }

  /* Does the segment l pass through box b? */
  function segmentThrough(l, b) {
    var inside = function (p) { return p[0] > b[0] && p[0] < b[2] && p[1] > b[1] && p[1] < b[3]; };
    if (inside(l[0]) || inside(l[1])) return true;
    var corners = [[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]]];
    for (var n = 0; n < 4; n++) if (intersect(l, [corners[n], corners[(n + 1) % 4]])) return true;
    return false;
  }

  /* Does the segment from (ax, ay) to (bx, by) pass through a box of `index`
   * other than `except`? (Sampled every 2 pixels.) */
  function crossesIndex(ax, ay, bx, by, index, except) {
    var steps = Math.ceil(Math.hypot(bx - ax, by - ay) / 2);
    for (var i = 1; i < steps; i++) {
      var x = ax + ((bx - ax) * i) / steps, y = ay + ((by - ay) * i) / steps;
      if (index.hits([x, y, x, y], except)) return true;
    }
    return false;
  }

  function isAttack(data, m) {
    return data.categories[m.ev.category].id === "attack";
  }

  /* Which marks get a label, in the order they are placed: the attacks in the
   * frame, deadliest first (at most TITLE_MAX, with their title), then, when
   * the frame holds at most DATE_MAX events, the others' dates. */
  function labelOrder(data, marks) {
    var seen = marks.filter(function (m) { return m.inView; });
    var byDeaths = function (a, b) { return deaths(b.ev) - deaths(a.ev) || a.k - b.k; };
    var attacks = seen.filter(function (m) { return isAttack(data, m); }).sort(byDeaths).slice(0, TITLE_MAX);
    var rest = seen.length > DATE_MAX ? [] : seen.filter(function (m) { return !isAttack(data, m); }).sort(byDeaths);
    return { attacks: attacks, rest: rest, few: seen.length <= DATE_MAX };
  }

  /* Place the labels, the attacks first (deadliest first), then the dates of the rest. */
  function label(map, data, marks, layer, leaders) {
    var size = map.getSize();
    var taken = boxIndex();
    controlBoxes(map).forEach(taken.add);
    marks.forEach(function (m) {
      m.box = [m.x - m.r - 1, m.y - m.r - 1, m.x + m.r + 1, m.y + m.r + 1];
      if (m.inView) taken.add(m.box);
    });
    var lines = []; // leader lines and fan legs, as [[x, y], [x, y]]
    marks.forEach(function (m) { if (m.fan) lines.push([[m.fan.x, m.fan.y], [m.x, m.y]]); });
    var order = labelOrder(data, marks);
    order.attacks.forEach(function (m) {
      var made = labelNode(layer, m, true);
      // Where the frame holds few events, an attack's label that finds no
      // clear spot goes where only its leader crosses something.
      if (place(m, made, true) || (order.few && place(m, made, false))) return;
      layer.removeChild(made.node);
    });
    order.rest.forEach(function (m) {
      var made = labelNode(layer, m, false);
      if (!place(m, made, true)) layer.removeChild(made.node); // no room: its date is left out (the card and the table still have it)
    });

    /* Put label `made` of mark m at the first free spot; `strict`: its leader
     * may cross no marker, leg or leader either, and no line this label. */
    function place(m, made, strict) {
      var options = candidates(m, made.w, made.h);
      for (var c = 0; c < options.length; c++) {
        var left = options[c][0], top = options[c][1], leader = options[c][2];
        var b = [left - GAP, top - GAP, left + made.w + GAP, top + made.h + GAP];
        if (b[0] < 0 || b[1] < 0 || b[2] > size.x || b[3] > size.y) continue;
        if (taken.hits(b, null)) continue;
        var end = nearest([left, top, left + made.w, top + made.h], m.x, m.y);
        var dx = end[0] - m.x, dy = end[1] - m.y, len = Math.hypot(dx, dy) || 1;
        var line = [[m.x + (dx / len) * m.r, m.y + (dy / len) * m.r], end];
        if (strict && leader && (crossesIndex(line[0][0], line[0][1], end[0], end[1], taken, m.box) || crossesAny(lines, line))) continue;
        if (strict && linesThrough(lines, b)) continue;
        made.node.setAttribute("transform", "translate(" + left.toFixed(1) + "," + top.toFixed(1) + ")");
        if (leader) {
          svgEl("line", { "class": "picture-leader", x1: line[0][0].toFixed(1), y1: line[0][1].toFixed(1), x2: end[0].toFixed(1), y2: end[1].toFixed(1), "data-event": m.ev.id }, leaders);
          lines.push(line);
        }
        taken.add(b);
        m.label = { box: [left, top, left + made.w, top + made.h], leader: leader, title: isAttack(data, m) };
        return true;
      }
      return false;
    }
  }

  function drawMarks(map, data, marks, renderer, group) {
    var at = function (x, y) { return map.containerPointToLatLng([x, y]); };
    // The legs and spots of fanned events first, under the markers.
    marks.forEach(function (m) {
      if (!m.fan) return;
      L.polyline([at(m.fan.x, m.fan.y), at(m.x, m.y)], Object.assign({ renderer: renderer, className: "picture-leg" }, T.mapStyle.leg)).addTo(group);
    });
    marks.forEach(function (m) {
      if (m.fan) L.circleMarker(at(m.fan.x, m.fan.y), { renderer: renderer, radius: 2, weight: 0, fillColor: "#222222", fillOpacity: 0.8, interactive: false }).addTo(group);
    });
    // The largest first, so a small one is never hidden under a large one.
    marks.slice().sort(function (a, b) { return b.r - a.r || a.k - b.k; }).forEach(function (m) {
      var style = T.mapStyle.marker(m.ev, data.categories[m.ev.category], false);
      style.renderer = renderer;
      style.interactive = false;
      style.className = "event-marker picture-mark";
      var layer = L.circleMarker(at(m.x, m.y), style).addTo(group);
      layer.getElement().setAttribute("data-event", m.ev.id);
    });
  }

  /* The dashed circles of approximate placements, as on the page. */
  function drawPlaces(placed, renderer, group) {
    var places = placed.places;
    for (var i = 0; i < places.count; i++) {
      var style = Object.assign({}, T.mapStyle.precision, { renderer: renderer });
      L.circle([places.lat[i], places.lon[i]], Object.assign(style, { radius: places.radius[i] })).addTo(group);
    }
  }

  /* A small world map in the bottom-left corner, the frame marked on it. */
  function locator(map, bounds) {
    var outlines = null;
    map.eachLayer(function (layer) {
      if (!outlines && layer instanceof L.GeoJSON) outlines = layer;
    });
    var h = INSET_W / 2;
    var x = function (lon) { return ((lon + 180) / 360) * INSET_W; };
    var y = function (lat) { return ((90 - lat) / 180) * h; };
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = T.el("div", "map-locator");
      var svg = svgEl("svg", { width: INSET_W, height: h, viewBox: "0 0 " + INSET_W + " " + h, "aria-hidden": "true" }, box);
      svgEl("rect", { x: 0, y: 0, width: INSET_W, height: h, fill: "#dde5ec" }, svg);
      var d = [];
      if (outlines) {
        outlines.eachLayer(function (country) {
          var rings = country.getLatLngs();
          (function walk(part) {
            if (!part.length) return;
            if (part[0] instanceof L.LatLng) {
              var last = null;
              part.forEach(function (ll, i) {
                var px = x(ll.lng).toFixed(1), py = y(ll.lat).toFixed(1);
                if (last && last[0] === px && last[1] === py) return;
                d.push((i ? "L" : "M") + px + " " + py);
                last = [px, py];
              });
              d.push("Z");
            } else part.forEach(walk);
          })(rings);
        });
      }
      svgEl("path", { d: d.join(""), fill: "#f3f1ec", stroke: "#9a9a9a", "stroke-width": 0.3 }, svg);
      var s = bounds.getSouth(), w = bounds.getWest(), n = bounds.getNorth(), e = bounds.getEast();
      svgEl("rect", { "class": "map-locator-frame", x: x(w).toFixed(1), y: y(n).toFixed(1), width: Math.max(2, x(e) - x(w)).toFixed(1), height: Math.max(2, y(s) - y(n)).toFixed(1) }, svg);
      return box;
    };
    return control;
  }

  /* The picture as one standalone SVG document (map.svg): the outlines, the
   * events, the labels, the place names, and the caption, legend, locator and
   * scale as SVG shapes and text, each where the page draws it. */
  var SVG_STYLE =
    ".picture-label-text{font:11px Arial,Helvetica,sans-serif;fill:#1a1a1a}.picture-label-title{font-weight:700}" +
    ".picture-label-date{fill:#444444}.picture-label-ground{fill:#ffffff}.picture-leader{stroke:#333333;stroke-width:0.8}" +
    ".map-locator-frame{fill:none;stroke:#c0392b;stroke-width:1.5}";

  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  /* A node's children as XML (innerHTML would write HTML: "&nbsp;" is not XML). */
  function inner(node) {
    var xml = new XMLSerializer();
    return Array.prototype.map.call(node.childNodes, function (child) { return xml.serializeToString(child); }).join("");
  }

  function num(v) {
    return String(Math.round(v * 10) / 10);
  }

  function visibleColor(c) {
    return c && c !== "transparent" && !/rgba\([^)]*,\s*0\)$/.test(c);
  }

  /* An HTML element (a control) drawn as SVG: its boxes, its inline SVGs, its text line by line. */
  function flatten(node, origin, out) {
    var style = window.getComputedStyle(node);
    if (style.display === "none" || style.visibility === "hidden") return;
    var r = node.getBoundingClientRect();
    var x = r.left - origin.left, y = r.top - origin.top;
    if (node instanceof SVGSVGElement) {
      var vb = node.getAttribute("viewBox") || "0 0 " + r.width + " " + r.height;
      out.push('<svg x="' + num(x) + '" y="' + num(y) + '" width="' + num(r.width) + '" height="' + num(r.height) + '" viewBox="' + esc(vb) + '">' + inner(node) + "</svg>");
      return;
    }
    var sides = ["Top", "Right", "Bottom", "Left"].map(function (side) { return parseFloat(style["border" + side + "Width"]) || 0; });
    var even = sides.every(function (w) { return w === sides[0]; });
    var border = even ? sides[0] : 0;
    if (visibleColor(style.backgroundColor) || border) {
      out.push(
        '<rect x="' + num(x + border / 2) + '" y="' + num(y + border / 2) + '" width="' + num(r.width - border) + '" height="' + num(r.height - border) + '"' +
          ' rx="' + num(parseFloat(style.borderTopLeftRadius) || 0) + '" fill="' + (visibleColor(style.backgroundColor) ? style.backgroundColor : "none") + '"' +
          (border ? ' stroke="' + style.borderTopColor + '" stroke-width="' + num(border) + '"' : "") + "/>"
      );
    }
    if (!even) {
      // Borders on some sides only (the scale bar's): a line per side drawn.
      var edges = [[x, y, x + r.width, y], [x + r.width, y, x + r.width, y + r.height], [x, y + r.height, x + r.width, y + r.height], [x, y, x, y + r.height]];
      sides.forEach(function (w, n) {
        if (!w) return;
        var e = edges[n], inset = [[0, w / 2], [-w / 2, 0], [0, -w / 2], [w / 2, 0]][n];
        out.push(
          '<line x1="' + num(e[0] + inset[0]) + '" y1="' + num(e[1] + inset[1]) + '" x2="' + num(e[2] + inset[0]) + '" y2="' + num(e[3] + inset[1]) + '"' +
            ' stroke="' + style["border" + ["Top", "Right", "Bottom", "Left"][n] + "Color"] + '" stroke-width="' + num(w) + '"/>'
        );
      });
    }
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 1) flatten(child, origin, out);
      else if (child.nodeType === 3 && child.textContent.trim()) textLines(child, style, origin, out);
    });
  }

  /* A text node's words grouped into the lines the browser broke them into. */
  function textLines(textNode, style, origin, out) {
    var text = textNode.textContent;
    var range = document.createRange();
    var lines = [];
    var re = /\S+/g, word;
    while ((word = re.exec(text))) {
      range.setStart(textNode, word.index);
      range.setEnd(textNode, word.index + word[0].length);
      var b = range.getBoundingClientRect();
      var line = lines.length && Math.abs(lines[lines.length - 1].top - b.top) < 2 ? lines[lines.length - 1] : null;
      if (!line) lines.push((line = { top: b.top, bottom: b.bottom, left: b.left, right: b.right, words: [] }));
      line.left = Math.min(line.left, b.left);
      line.right = Math.max(line.right, b.right);
      line.words.push(word[0]);
    }
    var size = parseFloat(style.fontSize);
    // Laid out as the page lays it out: right to left, from its right end, where the page is.
    var rtl = style.direction === "rtl";
    var turned = rtl !== (document.documentElement.dir === "rtl") ? ' direction="' + style.direction + '"' : "";
    var family = style.fontFamily.indexOf(ARABIC_FONT) === 0 ? esc(style.fontFamily) : "Arial,Helvetica,sans-serif";
    lines.forEach(function (line) {
      var baseline = line.top + (line.bottom - line.top + size * 0.7) / 2;
      var text = line.words.join(" ");
      // A right-to-left element's line with no right-to-left letter is one
      // left-to-right run, as the page drew it ("country)" ending a wrapped
      // "(city, region or country)"): set left to right, ending at its right.
      var run = rtl && !AGAINST.ltr.test(text) ? ' direction="ltr" text-anchor="end"' : turned;
      out.push(
        '<text x="' + num((rtl ? line.right : line.left) - origin.left) + '" y="' + num(baseline - origin.top) + '"' + run + ' font-family="' + family + '" font-size="' + num(size) + '"' +
          ' font-weight="' + style.fontWeight + '" fill="' + style.color + '">' + esc(text) + "</text>"
      );
    });
  }

  function toSvg(map) {
    var container = map.getContainer();
    var origin = container.getBoundingClientRect();
    var size = { x: container.clientWidth, y: container.clientHeight }; // as laid out, not as Leaflet last measured
    var rtl = document.documentElement.dir === "rtl";
    var out = [
      '<svg xmlns="http://www.w3.org/2000/svg" width="' + size.x + '" height="' + size.y + '" viewBox="0 0 ' + size.x + " " + size.y + '" font-family="Arial,Helvetica,sans-serif"' +
        (rtl ? ' direction="rtl"' : "") + ">",
      "<style>" + SVG_STYLE + "</style>",
      '<rect width="100%" height="100%" fill="' + window.getComputedStyle(container).backgroundColor + '"/>'
    ];
    // Leaflet's renderers (the outlines, then the events), where the page shows them.
    var depth = function (svg) { return parseInt(window.getComputedStyle(svg.closest(".leaflet-pane")).zIndex, 10) || 0; };
    var renderers = Array.prototype.slice.call(container.querySelectorAll(".leaflet-pane svg.leaflet-zoom-animated"));
    renderers.sort(function (a, b) { return depth(a) - depth(b); }); // in the order the panes are stacked
    renderers.forEach(function (svg) {
      var r = svg.getBoundingClientRect();
      out.push('<svg x="' + num(r.left - origin.left) + '" y="' + num(r.top - origin.top) + '" width="' + num(r.width) + '" height="' + num(r.height) + '" viewBox="' + esc(svg.getAttribute("viewBox")) + '">' + inner(svg) + "</svg>");
    });
    container.querySelectorAll(".place-dot").forEach(function (dot) {
      var r = dot.getBoundingClientRect();
      out.push('<circle cx="' + num((r.left + r.right) / 2 - origin.left) + '" cy="' + num((r.top + r.bottom) / 2 - origin.top) + '" r="' + num(r.width / 2) + '" fill="#8a8a8a"/>');
    });
    container.querySelectorAll(".place-name").forEach(function (name) {
      flatten(name, origin, out);
    });
    out.push(inner(container.querySelector(".picture-overlay")));
    container.querySelectorAll(".leaflet-control").forEach(function (control) {
      flatten(control, origin, out);
    });
    out.push("</svg>");
    return out.join("\n");
  }

  var shown = null; // what the last drawing put on the map: {group, inset, over, renderer}

  /* Draw the picture: called by Timeline.map.addEvents in picture mode, framed
   * as the address says; again by Timeline.mapPicture.reframe(spec), framed
   * on `spec`, in place of what was drawn (the deck's small maps: one page,
   * many frames). */
  function draw(map, data, placed, spec) {
    var renderer = shown ? shown.renderer : L.svg({ padding: 0 });
    if (shown) {
      map.removeLayer(shown.group);
      if (shown.inset) map.removeControl(shown.inset);
      shown.over.remove();
    }
    var frame = frameOf(placed, spec === undefined ? param("frame") : spec);
    arabicControls(map.getContainer());
    fit(map, frame);
    var inset = frame.world ? null : locator(map, map.getBounds()).addTo(map);
    var group = L.layerGroup().addTo(map);
    drawPlaces(placed, renderer, group);
    var marks = spots(map, data, placed);
    var over = svgEl("svg", { "class": "picture-overlay", width: map.getSize().x, height: map.getSize().y });
    map.getContainer().appendChild(over);
    var leaders = svgEl("g", { "class": "picture-leaders" }, over);
    var labels = svgEl("g", { "class": "picture-labels" }, over);
    drawMarks(map, data, marks, renderer, group);
    label(map, data, marks, labels, leaders);
    shown = { group: group, inset: inset, over: over, renderer: renderer };
    T.mapPicture.reframe = function (next) {
      draw(map, data, placed, next);
      // The place names keep clear of the new marks (they were placed when the map moved, before them).
      if (T.placeNames && T.placeNames.current) T.placeNames.current.draw();
      return T.mapPicture.drawn.frame;
    };
    var view = map.getBounds();
    T.mapPicture.svg = function () {
      return toSvg(map);
    };
    T.mapPicture.drawn = {
      frame: frame.spec,
      world: frame.world,
      view: [view.getSouth(), view.getWest(), view.getNorth(), view.getEast()].map(function (v) { return Math.round(v * 10) / 10; }),
      marks: marks.filter(function (m) { return m.x >= 0 && m.y >= 0 && m.x <= map.getSize().x && m.y <= map.getSize().y; }).map(function (m) { return m.ev.id; }),
      labels: marks.filter(function (m) { return m.label; }).map(function (m) {
        return { id: m.ev.id, title: m.label.title, leader: m.label.leader, box: m.label.box };
      })
    };
  }

  T.mapPicture = { active: active, draw: draw, frameOf: frameOf, drawn: null, svg: null };
})();
