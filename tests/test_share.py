"""The share link's QR code: valid SVG that draws exactly the code segno builds for the URL.

Nothing is decoded (no QR reader is installed); instead the SVG's drawing is read
back into a matrix of modules and compared with segno's own matrix for the URL,
which is what a phone's camera would read.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import segno

from dashboard.share import BORDER, DARK, ERROR, LIGHT, qr_svg

SVG = "{http://www.w3.org/2000/svg}"
URL = "https://primer.streamlit.app/descent?input=2.5&alpha=0.16&classroom=1&challenge=one-step"


def drawn_matrix(svg: str) -> list[list[int]]:
    """The modules the SVG paints dark, read back from its path (segno draws each run of dark
    modules in a row as a horizontal line through the middle of the row: ``h<length>``)."""
    root = ET.fromstring(svg)
    path = next(p for p in root.iter(f"{SVG}path") if p.get("class") == "qrline")
    assert path.get("stroke") == DARK
    size = int(re.search(r"h(\d+)", next(
        p for p in root.iter(f"{SVG}path") if p.get("fill") == LIGHT).get("d")).group(1))
    grid = [[0] * size for _ in range(size)]
    x = y = 0.0
    for op, args in re.findall(r"([MmHh])([^MmHh]*)", path.get("d")):
        numbers = [float(n) for n in args.replace(",", " ").split()]
        if op == "M":
            x, y = numbers
        elif op == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            length = numbers[0]
            for col in range(int(x), int(x + length)):
                grid[int(y)][col] = 1
            x += length
    n = size - 2 * BORDER
    assert not any(any(row) for row in grid[:BORDER] + grid[BORDER + n:])  # quiet zone clear
    return [row[BORDER:BORDER + n] for row in grid[BORDER:BORDER + n]]


def test_it_is_valid_svg_with_a_title_and_a_white_square_under_the_quiet_zone():
    svg = qr_svg(URL)
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == f"QR code that opens {URL}"
    modules = segno.make(URL, error=ERROR).symbol_size(border=BORDER)[0]
    assert root.get("width") == root.get("height") == str(6 * modules)
    background = next(p for p in root.iter(f"{SVG}path") if p.get("fill") == LIGHT)
    assert background.get("d") == f"M0 0h{modules}v{modules}h-{modules}z"  # all of it white


def test_it_draws_the_code_segno_builds_for_the_url():
    expected = [list(row) for row in segno.make(URL, error=ERROR).matrix]
    assert drawn_matrix(qr_svg(URL)) == expected
    other = [list(row) for row in segno.make(URL + "&at=3", error=ERROR).matrix]
    assert drawn_matrix(qr_svg(URL + "&at=3")) == other != expected


def test_scale_sets_the_size_and_only_the_size():
    small, large = qr_svg(URL, scale=4), qr_svg(URL, scale=12)
    assert int(ET.fromstring(large).get("width")) == 3 * int(ET.fromstring(small).get("width"))
    assert drawn_matrix(small) == drawn_matrix(large)


def test_text_that_is_markup_stays_text():
    svg = qr_svg("https://x.example/?q=<script>alert(1)</script>&a=\"b\"")
    root = ET.fromstring(svg)
    assert "<script>" not in svg and root.find(f"{SVG}script") is None
    assert "<script>" in root.find(f"{SVG}title").text


def test_a_url_too_long_for_any_qr_code_is_a_value_error():
    with pytest.raises(ValueError):
        qr_svg("https://x.example/?" + "a" * 3000)
