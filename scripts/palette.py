"""Colour arithmetic for checking the category palette.

Everything here is small, dependency-light (numpy only) and deterministic, so
the palette in :mod:`timeline.style` can be measured in a test rather than
trusted:

* sRGB hex → linear RGB → CIE XYZ → CIELAB, D65 white, 2° observer
  (IEC 61966-2-1 transfer curve and primaries; CIE 15 Lab).
* Simulated protanopia, deuteranopia and tritanopia after

      G. M. Machado, M. M. Oliveira and L. A. F. Fernandes,
      "A Physiologically-based Model for Simulation of Color Vision
      Deficiency", IEEE Transactions on Visualization and Computer Graphics
      15(6), 1291–1298 (2009), doi:10.1109/TVCG.2009.113,

  using the paper's published matrices for severity 1.0 (full dichromacy),
  applied to *linear* RGB and clipped to the displayable range [0, 1].
* CIEDE2000 colour difference (CIE 142-2001), written from the formula as set
  out in G. Sharma, W. Wu and E. N. Dalal, "The CIEDE2000 color-difference
  formula: implementation notes, supplementary test data, and mathematical
  observations", Color Research & Application 30(1), 21–30 (2005), with
  kL = kC = kH = 1.
* Greyscale lightness: CIE L* of the colour. A greyscale print keeps (about)
  the lightness of each colour and drops its hue and chroma, so two colours
  print as the same grey exactly when their L* is the same.
* WCAG 2 relative luminance and contrast ratio, to check a marker shows up
  against the white page.

:func:`report` puts these together for a ``{name: hex}`` palette.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np

# Linear sRGB → XYZ (D65), IEC 61966-2-1.
RGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
# The reference white is the sRGB white, so #FFFFFF is exactly L* 100, a* b* 0.
WHITE_XYZ = RGB_TO_XYZ @ np.ones(3)

# Machado, Oliveira & Fernandes (2009), severity 1.0, for linear RGB.
MACHADO_2009 = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
DEFICIENCIES = tuple(MACHADO_2009)
VISIONS = ("normal", *DEFICIENCIES)


# --- conversions -------------------------------------------------------------


def hex_to_srgb(color: str) -> np.ndarray:
    """``#RRGGBB`` (or ``RRGGBB``, or ``#RGB``) as sRGB components in [0, 1]."""
    h = color.strip().lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    if len(h) != 6:
        raise ValueError(f"not a hex colour: {color!r}")
    return np.array([int(h[i : i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255.0


def srgb_to_hex(rgb: np.ndarray) -> str:
    """sRGB components in [0, 1] as ``#RRGGBB`` (clipped, rounded)."""
    values = np.clip(np.round(np.asarray(rgb, dtype=float) * 255.0), 0, 255).astype(int)
    return "#" + "".join(f"{v:02X}" for v in values)


def srgb_to_linear(rgb: np.ndarray) -> np.ndarray:
    """The sRGB transfer curve undone (IEC 61966-2-1)."""
    c = np.asarray(rgb, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(lin: np.ndarray) -> np.ndarray:
    """Linear RGB back to gamma-encoded sRGB (values outside [0, 1] are clipped)."""
    c = np.clip(np.asarray(lin, dtype=float), 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


def hex_to_linear(color: str) -> np.ndarray:
    """``#RRGGBB`` as linear RGB in [0, 1]."""
    return srgb_to_linear(hex_to_srgb(color))


def linear_to_xyz(lin: np.ndarray) -> np.ndarray:
    """Linear sRGB to CIE XYZ (D65, Y of white = 1)."""
    return RGB_TO_XYZ @ np.asarray(lin, dtype=float)


def xyz_to_lab(xyz: np.ndarray) -> np.ndarray:
    """CIE XYZ to CIELAB relative to the D65 white."""
    t = np.asarray(xyz, dtype=float) / WHITE_XYZ
    eps = (6 / 29) ** 3
    f = np.where(t > eps, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def lab_to_xyz(lab: np.ndarray) -> np.ndarray:
    """CIELAB (D65) back to CIE XYZ."""
    L, a, b = (float(v) for v in lab)
    fy = (L + 16) / 116
    f = np.array([fy + a / 500, fy, fy - b / 200])
    delta = 6 / 29
    t = np.where(f > delta, f**3, 3 * delta**2 * (f - 4 / 29))
    return t * WHITE_XYZ


def xyz_to_linear(xyz: np.ndarray) -> np.ndarray:
    """CIE XYZ (D65) to linear sRGB (not clipped: may fall outside [0, 1])."""
    return np.linalg.solve(RGB_TO_XYZ, np.asarray(xyz, dtype=float))


def linear_to_lab(lin: np.ndarray) -> np.ndarray:
    return xyz_to_lab(linear_to_xyz(lin))


def hex_to_xyz(color: str) -> np.ndarray:
    return linear_to_xyz(hex_to_linear(color))


def hex_to_lab(color: str) -> np.ndarray:
    """``#RRGGBB`` as CIELAB (L*, a*, b*), D65."""
    return xyz_to_lab(hex_to_xyz(color))


# --- colour-vision deficiency ------------------------------------------------


def simulate_linear(lin: np.ndarray, deficiency: str) -> np.ndarray:
    """Linear RGB as seen with ``deficiency`` ("protanopia", "deuteranopia" or
    "tritanopia"; "normal" returns the colour unchanged), per Machado et al.
    (2009) at severity 1.0, clipped to what a display can show."""
    lin = np.asarray(lin, dtype=float)
    if deficiency == "normal":
        return lin
    try:
        matrix = MACHADO_2009[deficiency]
    except KeyError:
        raise ValueError(f"unknown deficiency {deficiency!r}; expected one of {VISIONS}") from None
    return np.clip(matrix @ lin, 0.0, 1.0)


def simulate(color: str, deficiency: str) -> str:
    """``color`` as seen with ``deficiency``, as a hex string (for looking at)."""
    return srgb_to_hex(linear_to_srgb(simulate_linear(hex_to_linear(color), deficiency)))


def lab_as_seen(color: str, vision: str = "normal") -> np.ndarray:
    """CIELAB of ``color`` under ``vision`` ("normal" or a deficiency)."""
    return linear_to_lab(simulate_linear(hex_to_linear(color), vision))


# --- colour difference -------------------------------------------------------


def ciede2000(lab1: tuple[float, float, float] | np.ndarray, lab2: tuple[float, float, float] | np.ndarray) -> float:
    """CIEDE2000 colour difference ΔE00 between two CIELAB colours
    (kL = kC = kH = 1), following Sharma, Wu & Dalal (2005)."""
    L1, a1, b1 = (float(v) for v in lab1)
    L2, a2, b2 = (float(v) for v in lab2)

    # Step 1: a' (a* stretched near the neutral axis), C', h'.
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    c7 = c_bar**7
    g = 0.5 * (1 - math.sqrt(c7 / (c7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = 0.0 if a1p == 0 and b1 == 0 else math.degrees(math.atan2(b1, a1p)) % 360
    h2p = 0.0 if a2p == 0 and b2 == 0 else math.degrees(math.atan2(b2, a2p)) % 360

    # Step 2: ΔL', ΔC', ΔH'.
    d_lp = L2 - L1
    d_cp = c2p - c1p
    if c1p * c2p == 0:
        d_hp = 0.0
    else:
        d_hp = h2p - h1p
        if d_hp > 180:
            d_hp -= 360
        elif d_hp < -180:
            d_hp += 360
    d_hp_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(d_hp) / 2)

    # Step 3: weighting functions and the rotation term.
    l_bar = (L1 + L2) / 2
    c_bar_p = (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        h_bar = (h1p + h2p + 360) / 2
    else:
        h_bar = (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_bar - 30))
        + 0.24 * math.cos(math.radians(2 * h_bar))
        + 0.32 * math.cos(math.radians(3 * h_bar + 6))
        - 0.20 * math.cos(math.radians(4 * h_bar - 63))
    )
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    c7p = c_bar_p**7
    r_c = 2 * math.sqrt(c7p / (c7p + 25.0**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * c_bar_p
    s_h = 1 + 0.015 * c_bar_p * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c

    dl, dc, dh = d_lp / s_l, d_cp / s_c, d_hp_big / s_h
    return math.sqrt(dl * dl + dc * dc + dh * dh + r_t * dc * dh)


def delta_e(color1: str, color2: str, vision: str = "normal") -> float:
    """ΔE00 between two hex colours as seen under ``vision``."""
    return ciede2000(lab_as_seen(color1, vision), lab_as_seen(color2, vision))


# --- greyscale and contrast --------------------------------------------------


def lightness(color: str) -> float:
    """CIE L* of ``color`` (0 black … 100 white): the grey it prints as."""
    return float(hex_to_lab(color)[0])


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance (Y of linear sRGB, 0 … 1)."""
    r, g, b = hex_to_linear(color)
    return float(0.2126 * r + 0.7152 * g + 0.0722 * b)


def contrast_ratio(color1: str, color2: str = "#FFFFFF") -> float:
    """WCAG 2 contrast ratio (1 … 21) between two colours; white by default."""
    y1, y2 = relative_luminance(color1), relative_luminance(color2)
    hi, lo = max(y1, y2), min(y1, y2)
    return (hi + 0.05) / (lo + 0.05)


# --- the report --------------------------------------------------------------

METRICS = (*VISIONS, "dL")

# What the category palette must meet (tests/unit/test_palette.py asserts the same
# numbers on timeline.style.VOCABULARY). ΔE00 of about 1 is a just-noticeable
# difference between large patches side by side; markers are small, apart and
# must be *named*, not just told apart, hence 15. The simulations are of full
# dichromacy, the worst case (most colour-vision deficiency is the milder
# anomalous trichromacy), hence 10 there. Eight L* is a step that survives
# toner, halftoning and paper; with contrast 3:1 on white capping L* at 61.7,
# six colours cannot have gaps much wider than 8.5. 3:1 is WCAG 2.1's minimum
# for graphical objects (success criterion 1.4.11).
THRESHOLDS = {
    "normal": 15.0,
    "protanopia": 10.0,
    "deuteranopia": 10.0,
    "tritanopia": 10.0,
    "dL": 8.0,
    "contrast": 3.0,
}


def report(colors: dict[str, str]) -> list[dict]:
    """Every pair of ``colors`` ({name: hex}) measured, then their minimum.

    One row per pair, in the order of ``colors``::

        {"a": name, "b": name, "normal": ΔE00, "protanopia": ΔE00,
         "deuteranopia": ΔE00, "tritanopia": ΔE00, "dL": |ΔL*|}

    followed by one last row with ``"a": "minimum"``, ``"b": ""``, the
    smallest value of each metric over all pairs, and ``"where"``: for each
    metric, the pair ``(a, b)`` that has it. (:func:`minimum` returns that row
    on its own.)
    """
    labs = {v: {name: lab_as_seen(hex_, v) for name, hex_ in colors.items()} for v in VISIONS}
    rows: list[dict] = []
    for a, b in combinations(colors, 2):
        row: dict = {"a": a, "b": b}
        for v in VISIONS:
            row[v] = ciede2000(labs[v][a], labs[v][b])
        row["dL"] = abs(float(labs["normal"][a][0] - labs["normal"][b][0]))
        rows.append(row)
    summary: dict = {"a": "minimum", "b": "", "where": {}}
    for m in METRICS:
        if rows:
            worst = min(rows, key=lambda r, m=m: r[m])
            summary[m] = worst[m]
            summary["where"][m] = (worst["a"], worst["b"])
        else:
            summary[m] = math.inf
            summary["where"][m] = None
    rows.append(summary)
    return rows


def minimum(colors: dict[str, str]) -> dict:
    """The last row of :func:`report`: each metric's minimum over all pairs."""
    return report(colors)[-1]


def contrasts(colors: dict[str, str], background: str = "#FFFFFF") -> dict[str, float]:
    """WCAG contrast ratio of each colour against ``background``."""
    return {name: contrast_ratio(hex_, background) for name, hex_ in colors.items()}
