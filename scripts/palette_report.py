"""Print how far apart the category colours are, and how they print.

    .venv/bin/python scripts/palette_report.py              # the palette in timeline/style.py
    .venv/bin/python scripts/palette_report.py --okabe-ito  # the Okabe–Ito colours it replaced
    .venv/bin/python scripts/palette_report.py --pairs      # also every pair, not only the worst

For every pair of the six vocabulary colours (timeline.style.VOCABULARY) it
computes the CIEDE2000 colour difference under normal vision and under
protanopia, deuteranopia and tritanopia as simulated with the Machado,
Oliveira & Fernandes (2009) matrices at full severity (in linear RGB), and the
difference in CIE L*, which is what a greyscale print keeps; for every colour,
its L* and its WCAG contrast with white (and with the map's land and sea).
It prints the worst case of each next to the threshold the palette must meet
(palette.THRESHOLDS in scripts/palette.py, asserted by tests/unit/test_palette.py), checks the
colours for categories outside the vocabulary against the six, and exits 1 if
any threshold is missed. The arithmetic lives in scripts/palette.py.
"""

from __future__ import annotations

import argparse
import sys

import palette  # scripts/palette.py, beside this script

from timeline.style import NO_CATEGORY, OTHER_COLORS, VOCABULARY

OKABE_ITO = {
    "attack": "#D55E00",
    "foiled plot": "#E69F00",
    "warning": "#CC79A7",
    "statement": "#0072B2",
    "counter-terrorism": "#009E73",
    "context": "#6F6F6F",
}
LAND, SEA = "#F3F1EC", "#DFE8EE"
SHORT = {"normal": "normal", "protanopia": "prot", "deuteranopia": "deut", "tritanopia": "trit"}
LABELS = {
    "normal": "ΔE00 normal vision",
    "protanopia": "ΔE00 protanopia",
    "deuteranopia": "ΔE00 deuteranopia",
    "tritanopia": "ΔE00 tritanopia",
    "dL": "|ΔL*| (greyscale print)",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--okabe-ito", action="store_true", help="measure the Okabe–Ito colours instead")
    parser.add_argument("--pairs", action="store_true", help="print every pair, not only the worst")
    args = parser.parse_args(argv)

    colors = dict(OKABE_ITO) if args.okabe_ito else {c.id: c.color for c in VOCABULARY}
    t = palette.THRESHOLDS
    failed = False
    title = "Okabe–Ito (before)" if args.okabe_ito else "timeline.style.VOCABULARY"
    print(f"Palette: {title}")
    print("Simulation: Machado, Oliveira & Fernandes (2009), severity 1.0, linear sRGB; CIELAB D65; CIEDE2000.\n")

    print(f"{'category':<18} {'hex':<8} {'L*':>5} {'on white':>9} {'on land':>8} {'on sea':>7}")
    for name, color in colors.items():
        print(
            f"{name:<18} {color:<8} {palette.lightness(color):5.1f} "
            f"{palette.contrast_ratio(color):8.2f}:1 {palette.contrast_ratio(color, LAND):7.2f}:1 "
            f"{palette.contrast_ratio(color, SEA):6.2f}:1"
        )

    rows = palette.report(colors)
    pairs, worst = rows[:-1], rows[-1]
    if args.pairs:
        print(f"\n{'pair':<38}" + "".join(f"{m:>13}" for m in palette.METRICS))
        for r in pairs:
            print(f"{r['a'] + ' / ' + r['b']:<38}" + "".join(f"{r[m]:13.1f}" for m in palette.METRICS))

    print(f"\n{'worst case':<26} {'value':>7} {'needs':>7}  pair")
    for metric in palette.METRICS:
        a, b = worst["where"][metric]
        ok = worst[metric] >= t[metric]
        failed |= not ok
        print(
            f"{LABELS[metric]:<26} {worst[metric]:7.1f} {'≥ ' + format(t[metric], 'g'):>7}  {a} / {b}{'' if ok else '  FAIL'}"
        )
    contrasts = palette.contrasts(colors)
    lowest = min(contrasts, key=contrasts.__getitem__)
    ok = contrasts[lowest] >= t["contrast"]
    failed |= not ok
    label = "contrast with white"
    print(
        f"{label:<26} {contrasts[lowest]:7.2f} {'≥ ' + format(t['contrast'], 'g'):>7}  {lowest}{'' if ok else '  FAIL'}"
    )

    print("\nColours for categories outside the vocabulary, nearest vocabulary colour (ΔE00):")
    for other in OTHER_COLORS:
        cells = []
        for vision in palette.VISIONS:
            near = min(colors, key=lambda n, v=vision, o=other: palette.delta_e(o, colors[n], v))
            d = palette.delta_e(other, colors[near], vision)
            need = t[vision]
            cells.append(f"{SHORT[vision]} {d:5.1f}{' ' if d >= need else '!'}")
        print(f"  {other}  " + "  ".join(cells) + f"  (on white {palette.contrast_ratio(other):.2f}:1)")
    d = min(palette.delta_e(NO_CATEGORY.color, colors["context"], v) for v in palette.VISIONS)
    print(f"  no category {NO_CATEGORY.color} vs context {colors['context']}: ΔE00 ≥ {d:.1f} in every vision")
    print("  ('!' marks a value under the threshold that the six must meet among themselves.)")

    print("\nFAIL: at least one threshold is missed." if failed else "\nAll thresholds met.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
