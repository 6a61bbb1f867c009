"""What every chart of Hemväg shares: the style, the colours and the way a matplotlib figure becomes an accessible,
self-contained SVG (no script, no external resource), so the same text goes into a page (as an image) and into
a PDF.

Drawn with matplotlib's object API (no pyplot: no global figure state, safe in threads and tasks) on the Agg
backend. Text stays text (`svg.fonttype = "none"`): it is small, selectable, readable by a screen reader and
rendered by the browser or WeasyPrint with the page's fonts, which also covers Arabic script. `svg.hashsalt`
and a fixed (absent) date make the output byte-for-byte reproducible.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")  # before the figure module is imported: never a window, never a display

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FONTS = ["Noto Sans", "DejaVu Sans"]  # the first one installed gives the metrics; the SVG names both
# Colour-blind-safe (Okabe–Ito), in an order where neighbours differ in lightness too.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999"]
STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "hemvag-charts",
    "font.family": "sans-serif",
    "font.sans-serif": FONTS,
    "font.size": 8,
    "axes.unicode_minus": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def safe_id(chart_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", chart_id)


def figure_svg(figure: Figure, title: str, description: str, chart_id: str) -> str:
    """The figure as SVG text with a title and a description in words (call inside `rc_context(STYLE)`)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return accessible(buffer.getvalue(), title, description, chart_id)


def accessible(svg: str, title: str, description: str, chart_id: str) -> str:
    """Drop the XML prolog (the SVG may be inlined) and matplotlib's RDF metadata (its vocabulary URIs would
    look like outside references), and put a title and description first, named by the root."""
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg[svg.index("<svg"):], count=1, flags=re.DOTALL)
    opening_end = svg.index(">") + 1
    opening = svg[:opening_end].replace(
        "<svg", f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"', 1)
    inserted = (f'<title id="{chart_id}-title">{escape(title)}</title>'
                f'<desc id="{chart_id}-desc">{escape(description)}</desc>')
    return opening + inserted + svg[opening_end:]
