"""A QR code of the share link, so a class opens the teacher's exact view on their phones.

Drawn by ``segno`` (a maintained, pure-Python QR library with no dependencies) as SVG
text a page can put on screen at any size without blurring. Dark modules on a white
square that includes the quiet zone (the four-module margin a scanner needs), so
the code reads the same on the light and the dark theme, and on a projector.

No Streamlit here: this module only turns a URL into SVG text; the page decides
where and how large to show it.
"""

from __future__ import annotations

import io

import segno

ERROR = "m"  # error correction: ~15% of the code may be smudged (segno raises it when free)
BORDER = 4  # the quiet zone, in modules: the margin the QR standard asks for
DARK, LIGHT = "#000", "#fff"  # black on white: the contrast scanners are made for


def qr_svg(url: str, *, scale: int = 6) -> str:
    """The QR code of ``url`` as SVG text, ``scale`` pixels per module.

    A typical share link gives a 33 to 45 module code (with its quiet zone), so the
    default draws it about 200 to 270 pixels wide; classroom mode can pass a larger
    ``scale``. The SVG's title says what the code opens, for screen readers. Raises
    ``ValueError`` for a URL too long for any QR code (about 2,300 characters).
    """
    qr = segno.make(url, error=ERROR, micro=False)
    out = io.BytesIO()
    qr.save(
        out, kind="svg", scale=scale, border=BORDER, dark=DARK, light=LIGHT,
        xmldecl=False, svgns=True, nl=False, title=f"QR code that opens {url}",
    )
    return out.getvalue().decode("utf-8")
