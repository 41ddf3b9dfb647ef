/* Where the timeline's labels go at the width the chart has now: pure
 * functions (T.chartLabels), no plotly, no DOM, all in pixels. Event labels
 * sit in rows above the lanes, each joined to its marker by a leader line;
 * era labels along the bottom of the plot. chart.js measures the texts, runs
 * these on the first draw, on every resize, zoom and pan, and applies the
 * result with one Plotly.relayout. (chart.py's _labels lays the same labels
 * out once, for the pictures' fixed width.)
 *
 * The rule, for event labels: one at a time, each in the row and at the
 * place nearest its event where it covers no label already placed and no
 * leader line, and its own leader line crosses no label; inside the plot,
 * no farther than half the plot's width from its event. A label that finds
 * no such place is dropped: fewer labels, never a cut or covered one. Four
 * such passes (the deadliest first, or from the right as chart.py does;
 * ties to the top row or the bottom one), and the one that wins is the one
 * showing the deadliest label where they differ. */
(function () {
  "use strict";
  var T = (window.Timeline = window.Timeline || {});
  var GAP = 8; // pixels kept clear between two labels, and between a label and a leader line
  var ERA_GAP = 10;

  /* The x of the leader line from (x0, y0) to (x1, y1) at the height y. */
  function along(line, y) {
    if (line.y1 === line.y0) return line.x1;
    var t = (y - line.y0) / (line.y1 - line.y0);
    return line.x0 + (line.x1 - line.x0) * Math.max(0, Math.min(1, t));
  }

  /* Does the leader line pass through the box (with GAP around it)? */
  function crosses(line, box) {
    var lo = Math.max(box.top, Math.min(line.y0, line.y1));
    var hi = Math.min(box.bottom, Math.max(line.y0, line.y1));
    if (lo > hi) return false;
    var a = along(line, lo);
    var b = along(line, hi);
    return Math.max(a, b) > box.left - GAP && Math.min(a, b) < box.right + GAP;
  }

  /* The free stretches of a row [from, to] of the plot, between what is
   * in it already ({left, right}: labels, leader lines crossing it). */
  function gaps(taken, width) {
    var sorted = taken.slice().sort(function (a, b) { return a.left - b.left; });
    var out = [];
    var from = 0;
    sorted.forEach(function (b) {
      out.push([from, b.left - GAP - 0.5]);
      from = Math.max(from, b.right + GAP + 0.5);
    });
    out.push([from, width]);
    return out;
  }

  /* What is in a row's band already: the labels placed in it, and where
   * the leader lines of the labels above it cross it. */
  function takenIn(row, rows, placed) {
    var top = rows.y[row] - rows.h / 2;
    var bottom = rows.y[row] + rows.h / 2;
    return placed.map(function (p) {
      if (p.line.y0 > bottom || p.line.y1 < top) return null;
      var a = along(p.line, top);
      var b = along(p.line, bottom);
      if (p.row === row) return { left: Math.min(p.box.left, a, b), right: Math.max(p.box.right, a, b) };
      return { left: Math.min(a, b), right: Math.max(a, b) };
    }).filter(Boolean);
  }

  /* Whether a label at `box` with leader `line` keeps clear of what is placed. */
  function clear(box, line, placed) {
    for (var k = 0; k < placed.length; k++) {
      var p = placed[k];
      if (crosses(p.line, box) || crosses(line, p.box)) return false;
    }
    return true;
  }

  /* The candidate places for one label in one row: nearest its event in each free stretch. */
  function candidates(label, row, taken, rows, width) {
    var out = [];
    gaps(taken, width).forEach(function (g) {
      if (g[1] - g[0] < label.w) return;
      var centre = Math.max(g[0] + label.w / 2, Math.min(label.x, g[1] - label.w / 2));
      var box = { left: centre - label.w / 2, right: centre + label.w / 2, top: rows.y[row] - rows.h / 2, bottom: rows.y[row] + rows.h / 2 };
      // plotly draws the leader on the line from the label's centre to the marker.
      out.push({ row: row, centre: centre, box: box, line: { x0: centre, y0: rows.y[row], x1: label.x, y1: label.y } });
    });
    return out;
  }

  /* Event labels. `labels`: [{x, y, w, short}] the deadliest first: x and
   * y the event's marker, w the label's width, short the width of a shorter
   * text (the place without the date; 0: none), tried when the whole has no
   * room (then the place says short: true); `rows`: {y: [each row's centre,
   * the lowest row first], h: a row's height}; `width`: the plot's width.
   * Gives for each label {row, centre, left, right} or null (dropped). */
  function events(labels, rows, width) {
    var byPriority = labels.map(function (_, k) { return k; });
    var fromRight = byPriority.slice().sort(function (a, b) { return labels[b].x - labels[a].x || a - b; });
    var best = null;
    [byPriority, fromRight].forEach(function (order) {
      [true, false].forEach(function (topFirst) {
        var got = place(labels, order, rows, width, topFirst);
        if (!best || better(got, best)) best = got;
      });
    });
    return best;
  }

  /* Does layout `a` show a deadlier label that `b` drops, the deadliest where they differ? */
  function better(a, b) {
    for (var k = 0; k < a.length; k++) {
      if (!a[k] !== !b[k]) return !!a[k];
    }
    return false;
  }

  /* One greedy pass of `events`: the labels in `order`, ties going to the top row or the bottom one. */
  function place(labels, order, rows, width, topFirst) {
    var placed = [];
    var out = labels.map(function () { return null; });
    var rowOrder = rows.y.map(function (_, row) { return row; });
    if (topFirst) rowOrder.reverse();
    order.forEach(function (k) {
      var label = labels[k];
      if (!(label.x >= 0 && label.x <= width)) return;
      var best = nearest(label, label.w, rowOrder, rows, width, placed);
      var short = !best && label.short > 0;
      if (short) best = nearest(label, label.short, rowOrder, rows, width, placed);
      if (!best) return;
      placed.push(best);
      out[k] = { row: best.row, centre: best.centre, left: best.box.left, right: best.box.right };
      if (short) out[k].short = true;
    });
    return out;
  }

  /* The place nearest its event for a label `w` wide, clear of what is `placed`, or null. */
  function nearest(label, w, rowOrder, rows, width, placed) {
    var best = null;
    var sized = { x: label.x, y: label.y, w: w };
    if (w > width) return null;
    rowOrder.forEach(function (row) {
      candidates(sized, row, takenIn(row, rows, placed), rows, width).forEach(function (c) {
        var shift = Math.abs(c.centre - label.x);
        if (shift > Math.max(60, width / 2) || best && shift >= best.shift || !clear(c.box, c.line, placed)) return;
        c.shift = shift;
        best = c;
      });
    });
    return best;
  }

  /* The first place from `left` on where a label `w` wide covers nothing
   * in `taken` ({left, right}), or null if it would pass `limit`. A move is
   * always to the right: `left` ERA_GAP past a box's right edge can compare
   * as still within ERA_GAP of it (259.4 - 10 < 249.4 in floating point),
   * and must not be taken again. */
  function slide(left, w, taken, limit) {
    for (var moved = true; moved && left + w <= limit;) {
      moved = false;
      for (var k = 0; k < taken.length; k++) {
        var t = taken[k];
        var past = t.right + ERA_GAP;
        if (t.left < left + w + ERA_GAP && t.right > left - ERA_GAP && past > left) {
          left = past;
          moved = true;
        }
      }
    }
    return left + w <= limit ? left : null;
  }

  /* Era labels. `eras`: [{start, end, w}] in pixels from the plot's left
   * edge (start and end may lie outside it), in order of start; `width`:
   * the plot's width; `levels`: for each level the labels may stack on
   * (the lowest first), what is drawn there already ({left, right}: the
   * markers and bars of the lane behind it). Each label starts at its era's
   * first visible pixel (or ends at its last when that leaves it no room),
   * moved right past what it would cover, on the lowest level with room
   * inside the era; gives {left, level} or null (the era is out of view or
   * no level has room). An era may also give `short`, the width of a
   * shorter text (its name without its dates), tried where the whole finds
   * no room: then {left, level, short: true}. Always inside the plot:
   * never over the lane names. */
  function eras(list, width, levels) {
    var taken = levels.map(function (l) { return l.slice(); });
    return list.map(function (era) {
      var got = eraPlace(era.start, era.end, era.w, width, taken);
      if (got || !era.short) return got;
      got = eraPlace(era.start, era.end, era.short, width, taken);
      if (got) got.short = true;
      return got;
    });
  }

  /* One era label `w` wide (see eras), marked in `taken` where it goes. */
  function eraPlace(startPx, endPx, w, width, taken) {
    var from = Math.max(0, startPx);
    var to = Math.min(width, endPx);
    if (to <= from || w > width) return null;
    var start = from + w <= width ? from : to - w;
    if (start < 0) return null;
    for (var level = 0; level < taken.length; level++) {
      var left = slide(start, w, taken[level], Math.max(to, start + w));
      if (left === null) continue;
      taken[level].push({ left: left, right: left + w });
      return { left: left, level: level };
    }
    return null;
  }

  /* Lane names for a narrow chart (a phone): each name wider than the
   * names need is broken after a space or a hyphen onto the two lines whose
   * longer one is shortest; one word stays whole. `width(text)`: a line's
   * width in pixels. {text: the names ("Counter-<br>terrorism"), width: the
   * widest line}. */
  function laneNames(names, width) {
    var split = names.map(function (name) {
      var parts = name.replace(/([ -])/g, "$1\n").split("\n");
      var best = { text: name, width: width(name) };
      for (var k = 1; k < parts.length; k++) {
        var lines = [parts.slice(0, k).join("").trim(), parts.slice(k).join("").trim()];
        var w = Math.max(width(lines[0]), width(lines[1]));
        if (w < best.width) best = { text: lines.join("<br>"), width: w };
      }
      return best;
    });
    var need = Math.max.apply(null, split.map(function (s) { return s.width; }));
    return {
      text: names.map(function (name, i) { return width(name) <= need ? name : split[i].text; }),
      width: need
    };
  }

  T.chartLabels = { events: events, eras: eras, laneNames: laneNames, GAP: GAP };
})();
