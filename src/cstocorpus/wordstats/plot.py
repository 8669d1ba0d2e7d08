"""The dispersion plot: one row per document, a tick where each hit falls between the
document's first word (left) and its last (right), as AntConc and Wordless draw it.

Drawn like the ``stats`` plot (``stats.plot``): matplotlib without pyplot, the fonts the
package installs (``stats.fonts``: DejaVu Sans, IPAex Gothic, Noto Sans Thai) so titles in
every script show, a fixed width and a height that grows with the documents, PNG or SVG.
"""

from __future__ import annotations

from io import BytesIO

from ..stats.fonts import register_fonts
from .dispersion import DispersionResult

FORMATS = ("png", "svg")
WIDTH_IN, ROW_IN, HEAD_IN, DPI = 11.0, 0.42, 1.3, 100
TICK = "#1f4e8c"
TITLE_CHARS = 38


def _label(row) -> str:
    title = row.title if len(row.title) <= TITLE_CHARS else row.title[:TITLE_CHARS - 1] + "…"
    return f"{row.doc_id}\n{title}" if title else row.doc_id


def render(result: DispersionResult, fmt: str = "png") -> bytes:
    """The plot as PNG or SVG bytes."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    families = register_fonts()
    rows = result.rows
    with matplotlib.rc_context({"font.family": list(families), "font.size": 9, "svg.fonttype": "path",
                                "svg.hashsalt": "cstocorpus", "path.simplify": False}):
        fig = Figure(figsize=(WIDTH_IN, HEAD_IN + ROW_IN * max(len(rows), 1)), dpi=DPI, layout="constrained")
        # Matplotlib measures a Thai label a little narrower than it draws it (combining marks),
        # so constrained layout alone clips the first glyph at the left edge: pad the figure.
        fig.get_layout_engine().set(w_pad=0.12)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        for y, row in enumerate(rows):
            ax.axhline(y, color="#dddddd", linewidth=0.6, zorder=0)
            if row.positions:
                ax.vlines(row.positions, y - 0.35, y + 0.35, color=TICK, linewidth=1.0)
            dp = "–" if row.dp is None else f"{row.dp:.2f}"
            ax.annotate(f"{row.hits:,} hits · {row.per_10k:.1f}/10k · DP {dp}", (1.01, y),
                        xycoords=("axes fraction", "data"), va="center", fontsize=8)
        ax.set_yticks(range(len(rows)), [_label(r) for r in rows], fontsize=8)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["start", "25 %", "50 %", "75 %", "end"])
        ax.spines[["top", "right"]].set_visible(False)
        dp = "–" if result.dp_documents is None else f"{result.dp_documents:.2f}"
        dpp = "–" if result.dp_passages is None else f"{result.dp_passages:.2f}"
        ax.set_title(f"Dispersion of “{result.query}”: {result.hits:,} hits in {result.documents_with_hits} of "
                     f"{result.documents} documents; DP over documents {dp}, over passages {dpp}",
                     fontsize=10, loc="left")
        buf = BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {}
        fig.savefig(buf, format=fmt, dpi=DPI, metadata=metadata)
    return buf.getvalue()
