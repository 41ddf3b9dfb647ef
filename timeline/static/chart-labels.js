/* Where the timeline's labels go at the width the chart has now: pure
 * functions (T.chartLabels), no plotly, no DOM, all in pixels. Event labels
 * sit in rows above the lanes, each joined to its marker by a leader line;
 * era labels along the bottom of the plot. chart.js measures the texts, runs
 * these on the first draw, on every resize, zoom and pan, and applies the
 * result with one Plotly.relayout. (chart.py's _labels lays the same labels
 * out once, for the pictures' fixed width.)
 *
 * The rule, for event labels: the deadliest first, each in the row and at
 * the place nearest its event (the highest row on a tie) where it covers no label already placed and
 * no leader line, and its own leader line crosses no label; inside the plot,
 * no farther than half the plot's width from its event. A label that
 * finds no such place is dropped: fewer labels, never a cut or covered one. */
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
      if (p.row === row) return p.box;
      if (p.line.y0 > bottom || p.line.y1 < top) return null;
      var a = along(p.line, top);
      var b = along(p.line, bottom);
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
      out.push({ row: row, centre: centre, box: box, line: { x0: centre, y0: box.bottom, x1: label.x, y1: label.y } });
    });
    return out;
  }

  /* Event labels. `labels`: [{x, y, w}] the deadliest first: x and y the
   * event's marker, w the label's width; `rows`: {y: [each row's centre,
   * the lowest row first], h: a row's height}; `width`: the plot's width.
   * Gives for each label {row, centre, left, right} or null (dropped). */
  function events(labels, rows, width) {
    var placed = [];
    var maxShift = Math.max(60, width / 2);
    return labels.map(function (label) {
      if (!(label.x >= 0 && label.x <= width) || label.w > width) return null;
      var best = null;
      // The top row first, on a tie: its leader line leaves the lower rows
      // free on either side of it for the events around.
      rows.y.map(function (_, row) { return row; }).reverse().forEach(function (row) {
        candidates(label, row, takenIn(row, rows, placed), rows, width).forEach(function (c) {
          var shift = Math.abs(c.centre - label.x);
          if (shift > maxShift || best && shift >= best.shift || !clear(c.box, c.line, placed)) return;
          c.shift = shift;
          best = c;
        });
      });
      if (!best) return null;
      placed.push(best);
      return { row: best.row, centre: best.centre, left: best.box.left, right: best.box.right };
    });
  }

  /* Era labels. `eras`: [{start, end, w}] in pixels from the plot's left
   * edge (start and end may lie outside it), in order of start; `width`:
   * the plot's width; `levels`: how many may stack. Each label starts at
   * its era's first visible pixel, or ends at its last when that leaves it
   * no room; gives {left, level} or null (the era is out of view or no
   * level has room). Always inside the plot: never over the lane names. */
  function eras(list, width, levels) {
    var ends = [];
    return list.map(function (era) {
      var from = Math.max(0, era.start);
      var to = Math.min(width, era.end);
      if (to <= from || era.w > width) return null;
      var left = from + era.w <= width ? from : to - era.w;
      if (left < 0) return null;
      var level = 0;
      while (level < ends.length && ends[level] > left) level++;
      if (level >= levels) return null;
      ends[level] = left + era.w + ERA_GAP;
      return { left: left, level: level };
    });
  }

  T.chartLabels = { events: events, eras: eras, GAP: GAP };
})();
