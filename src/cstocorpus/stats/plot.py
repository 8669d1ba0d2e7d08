"""One PNG of the corpus: passages and tokens per language, and each language's top lemmas.

Drawn on matplotlib's Agg canvas without pyplot (no global figure state, no display needed),
at a fixed size, so the same corpus always gives an image of the same pixel size.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from .fonts import register_fonts
from .freq import FreqList

WIDTH_IN, HEIGHT_IN, DPI = 12, 9, 100  # 1200 × 900 pixels
MAX_LEMMA_PANELS = 4

#: Each corpus language named in its own script, so the labels show all four scripts.
NATIVE_NAMES = {"ja": "日本語", "ru": "Русский", "th": "ไทย", "en": "English"}

BAR = "#4c72b0"


def language_label(lang: str) -> str:
    name = NATIVE_NAMES.get(lang)
    return f"{name} ({lang})" if name else lang


def render_png(stats: dict, top_lemmas: dict[str, FreqList]) -> bytes:
    """The plot as PNG bytes.  ``top_lemmas`` maps a language to its frequency list; at most
    ``MAX_LEMMA_PANELS`` languages get a panel, those with the most tokens."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    families = register_fonts()
    langs = stats["languages"]
    by_size = sorted((row for row in langs if row["lang"] in top_lemmas), key=lambda r: (-r["tokens"], r["lang"]))
    panels = sorted(row["lang"] for row in by_size[:MAX_LEMMA_PANELS])
    with matplotlib.rc_context({"font.family": list(families), "font.size": 10}):
        fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        corpus = stats["corpus"]
        fig.suptitle(f"CSTO corpus · ОДКБ · 集団安全保障条約機構 · องค์การสนธิสัญญาความมั่นคงร่วม — "
                     f"{corpus['documents']} documents, {corpus['passages']:,} passages, "
                     f"{corpus['tokens']:,} tokens", fontsize=12)
        grid = fig.add_gridspec(2, max(2, len(panels)), height_ratios=[1, 1.6])
        top = grid[0, :].subgridspec(1, 2)
        labels = [language_label(row["lang"]) for row in langs]
        _bars(fig.add_subplot(top[0, 0]), labels, [row["passages"] for row in langs],
              "Passages per language")
        _bars(fig.add_subplot(top[0, 1]), labels, [row["tokens"] for row in langs],
              "Tokens per language (words and numbers; log scale)", log=True)
        bottom = grid[1, :].subgridspec(1, max(1, len(panels)))
        for i, lang in enumerate(panels):
            freq = top_lemmas[lang]
            terms = freq.terms
            _bars(fig.add_subplot(bottom[0, i]), [t.term for t in terms], [t.count for t in terms],
                  f"{language_label(lang)}: top {len(terms)} lemmas")
        buf = BytesIO()
        fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def _bars(ax, labels: list[str], values: list[int], title: str, log: bool = False) -> None:
    """Horizontal bars, the first label on top, each bar with its value."""
    ys = list(range(len(labels)))
    ax.barh(ys, values, color=BAR)
    ax.set_yticks(ys, labels)
    ax.invert_yaxis()
    ax.set_title(title, fontsize=10)
    if log:
        ax.set_xscale("log")
    for y, value in zip(ys, values):
        ax.annotate(f"{value:,}", (value, y), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=8)
    ax.margins(x=0.15)
    ax.spines[["top", "right"]].set_visible(False)


def write_png(data: bytes, path: Path) -> None:
    """Write the rendered image; rendering came first, so a failure here leaves no half-drawn plot."""
    path.write_bytes(data)
