"""Fonts for the plots, so that every label is drawn in its own script.

matplotlib's own DejaVu Sans covers Latin and Cyrillic but neither Japanese nor Thai; the
fonts for those come inside PyPI packages the project depends on (installed by ``make``,
never downloaded at run time): IPAex Gothic from ``matplotlib-fontja`` and Noto Sans Thai from
``fontpkg-noto-sans-thai``.  They are found through the packages' installed file lists, not
by importing them (importing ``matplotlib_fontja`` would change matplotlib's global settings).
matplotlib (3.6+) falls back from one family to the next glyph by glyph, and (3.11+) shapes
Thai with libraqm, so tone marks and vowels stack correctly.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata
from pathlib import Path

#: (distribution, family name its font file declares); each package holds one font file.
BUNDLED = (
    ("matplotlib-fontja", "IPAexGothic"),
    ("fontpkg-noto-sans-thai", "Noto Sans Thai"),
)

#: Tried in this order for each character: Latin and Cyrillic, then Japanese, then Thai.
FAMILIES = ["DejaVu Sans", *(family for _, family in BUNDLED)]
FONT_SUFFIXES = (".ttf", ".otf")


class FontsMissing(Exception):
    """A font package is not installed; the message names it."""


def font_file(distribution: str) -> Path:
    """The font file that ``distribution`` installed."""
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        raise FontsMissing(f"the font package {distribution} is not installed: run 'make install'") from None
    for entry in sorted(dist.files or (), key=str):
        if entry.suffix.lower() in FONT_SUFFIXES:
            path = Path(dist.locate_file(entry))
            if path.is_file():
                return path
    raise FontsMissing(f"the font package {distribution} holds no font file: reinstall it with 'make install'")


@lru_cache(maxsize=None)
def register_fonts() -> tuple[str, ...]:
    """Make the bundled fonts known to matplotlib (once per process); the family list to use."""
    from matplotlib import font_manager

    for distribution, _ in BUNDLED:
        font_manager.fontManager.addfont(str(font_file(distribution)))
    return tuple(FAMILIES)
