"""The category palette is measured, not trusted: these tests fail if a colour in
timeline/style.py is edited into one that collides with another under normal
vision, a simulated colour-vision deficiency or a greyscale print, or that a
white page swallows. The colour arithmetic itself is checked against published
values first."""

from __future__ import annotations

import sys
from itertools import combinations

import numpy as np
import pytest

from ..conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import palette  # scripts/palette.py: a checking tool, not part of the package

from timeline.style import NO_CATEGORY, OTHER_COLORS, VOCABULARY

# The thresholds (see the module docstring of timeline/style.py).
MIN_DE_NORMAL = 15.0  # CIEDE2000, normal vision
MIN_DE_DEFICIENT = 10.0  # CIEDE2000, each simulated dichromacy
MIN_DL = 8.0  # |ΔL*|: a separate grey in print
MIN_CONTRAST = 3.0  # WCAG contrast with white (non-text, 1.4.11)

COLORS = {c.id: c.color for c in VOCABULARY}


# --- the arithmetic ----------------------------------------------------------

# Sharma, Wu & Dalal (2005), Table 1: (Lab1, Lab2, ΔE00). A selection that
# covers the hue-angle wrap-around, the mean-hue special cases, achromatic
# colours and the blue-region rotation term.
SHARMA_2005 = [
    ((50.0000, 2.6772, -79.7751), (50.0000, 0.0000, -82.7485), 2.0425),  # 1
    ((50.0000, -1.3802, -84.2814), (50.0000, 0.0000, -82.7485), 1.0000),  # 4
    ((50.0000, 0.0000, 0.0000), (50.0000, -1.0000, 2.0000), 2.3669),  # 7
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0009), 7.1792),  # 9
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0011), 7.2195),  # 11
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0011, -2.4900), 4.7461),  # 15
    ((50.0000, 2.5000, 0.0000), (73.0000, 25.0000, -18.0000), 27.1492),  # 17
    ((50.0000, 2.5000, 0.0000), (56.0000, -27.0000, -3.0000), 31.9030),  # 19
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),  # 25
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),  # 29
    ((90.9257, -0.5406, -0.9208), (88.6381, -0.8985, -0.7239), 1.5381),  # 32
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),  # 34
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA_2005)
def test_ciede2000_matches_sharma_wu_dalal(lab1, lab2, expected):
    assert palette.ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert palette.ciede2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_ciede2000_of_a_colour_with_itself_is_zero():
    assert palette.ciede2000((53.2, 80.1, 67.2), (53.2, 80.1, 67.2)) == 0.0


def test_lab_of_known_colours():
    assert palette.hex_to_lab("#FFFFFF") == pytest.approx([100.0, 0.0, 0.0], abs=1e-6)
    assert palette.hex_to_lab("#000000") == pytest.approx([0.0, 0.0, 0.0], abs=1e-6)
    # sRGB red and mid grey in CIELAB (D65).
    assert palette.hex_to_lab("#FF0000") == pytest.approx([53.24, 80.09, 67.20], abs=0.01)
    assert palette.lightness("#808080") == pytest.approx(53.59, abs=0.01)


def test_wcag_contrast_of_known_pairs():
    assert palette.contrast_ratio("#000000") == pytest.approx(21.0)
    assert palette.contrast_ratio("#FFFFFF") == pytest.approx(1.0)
    # The classic #767676 on white is just above 4.5:1.
    assert palette.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)


def test_simulation_leaves_greys_alone():
    for deficiency in palette.DEFICIENCIES:
        for grey in ("#000000", "#7A7A7A", "#FFFFFF"):
            assert palette.simulate(grey, deficiency) == grey


def test_deuteranopia_brings_red_and_green_together():
    red, green = "#FF0000", "#00FF00"
    normal = palette.delta_e(red, green, "normal")
    deutan = palette.delta_e(red, green, "deuteranopia")
    assert deutan < normal / 2
    # ... but leaves blue and yellow apart.
    assert palette.delta_e("#0000FF", "#FFFF00", "deuteranopia") > 60


def test_report_shape():
    rows = palette.report({"a": "#FF0000", "b": "#00FF00", "c": "#0000FF"})
    assert [(r["a"], r["b"]) for r in rows[:-1]] == [("a", "b"), ("a", "c"), ("b", "c")]
    summary = rows[-1]
    assert summary["a"] == "minimum"
    for metric in palette.METRICS:
        assert summary[metric] == min(r[metric] for r in rows[:-1])
        a, b = summary["where"][metric]
        assert any(r["a"] == a and r["b"] == b and r[metric] == summary[metric] for r in rows[:-1])


# --- the palette -------------------------------------------------------------


def test_vocabulary_has_six_distinct_hex_colours():
    assert len(COLORS) == 6
    assert len(set(COLORS.values())) == 6
    for color in COLORS.values():
        assert np.all((palette.hex_to_srgb(color) >= 0) & (palette.hex_to_srgb(color) <= 1))


@pytest.mark.parametrize(("a", "b"), list(combinations(COLORS, 2)))
def test_every_pair_is_apart_in_every_vision_and_in_grey(a, b):
    ca, cb = COLORS[a], COLORS[b]
    normal = palette.delta_e(ca, cb, "normal")
    assert normal >= MIN_DE_NORMAL, f"{a} {ca} / {b} {cb}: ΔE00 {normal:.1f} under normal vision"
    for deficiency in palette.DEFICIENCIES:
        d = palette.delta_e(ca, cb, deficiency)
        assert d >= MIN_DE_DEFICIENT, f"{a} {ca} / {b} {cb}: ΔE00 {d:.1f} under {deficiency}"
    dl = abs(palette.lightness(ca) - palette.lightness(cb))
    assert dl >= MIN_DL, f"{a} {ca} / {b} {cb}: print as near-identical greys (|ΔL*| {dl:.1f})"


@pytest.mark.parametrize("category", list(COLORS))
def test_every_colour_shows_on_white(category):
    ratio = palette.contrast_ratio(COLORS[category], "#FFFFFF")
    assert ratio >= MIN_CONTRAST, f"{category} {COLORS[category]}: {ratio:.2f}:1 on white"


def test_report_minimum_agrees_with_the_thresholds():
    worst = palette.minimum(COLORS)
    assert worst["normal"] >= MIN_DE_NORMAL
    assert all(worst[d] >= MIN_DE_DEFICIENT for d in palette.DEFICIENCIES)
    assert worst["dL"] >= MIN_DL


def test_attack_is_red_orange_and_context_is_grey():
    _, a, b = palette.hex_to_lab(COLORS["attack"])
    hue = np.degrees(np.arctan2(b, a)) % 360
    assert 20 <= hue <= 70 and np.hypot(a, b) >= 40
    _, a, b = palette.hex_to_lab(COLORS["context"])
    assert np.hypot(a, b) < 1


@pytest.mark.parametrize("other", OTHER_COLORS)
def test_colours_outside_the_vocabulary_stay_apart_from_it(other):
    for name, color in COLORS.items():
        normal = palette.delta_e(other, color, "normal")
        assert normal >= MIN_DE_NORMAL, f"{other} / {name} {color}: ΔE00 {normal:.1f}"
        for deficiency in palette.DEFICIENCIES:
            d = palette.delta_e(other, color, deficiency)
            assert d >= MIN_DE_DEFICIENT, f"{other} / {name} {color}: ΔE00 {d:.1f} under {deficiency}"


def test_no_category_grey_is_not_context_grey():
    for vision in palette.VISIONS:
        assert palette.delta_e(NO_CATEGORY.color, COLORS["context"], vision) >= MIN_DE_DEFICIENT
