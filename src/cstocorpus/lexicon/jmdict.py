"""Derive the Japanese–English word list from JMdict, the maintained Japanese–English
dictionary of the Electronic Dictionary Research and Development Group (CC BY-SA 4.0),
as packaged on PyPI by ``jamdict-data`` (a SQLite database).

Only development needs the package: the derived list (``data/ja_en_jmdict.tsv``, a few
hundred kilobytes) is committed, so nothing is downloaded or unpacked at run time::

    pip install jamdict-data     # its jamdict.db
    python -m cstocorpus.lexicon.jmdict build [--db PATH/jamdict.db]

What is kept, by rule: entries marked common in JMdict (a priority tag news1, ichi1, spec1,
spec2 or gai1 on a written form); their written forms with such a tag, of two characters or
more (one kanji or kana is too ambiguous to search for); the glosses of their first sense
only (the primary meaning), without parenthesized notes or a verb's "to", of one to three
words.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from pathlib import Path

OUT = Path(__file__).parent / "data" / "ja_en_jmdict.tsv"
PRIORITY = ("news1", "ichi1", "spec1", "spec2", "gai1")
MAX_GLOSSES = 4
HEADER = """\
# Japanese–English word list derived from JMdict (the Electronic Dictionary Research and
# Development Group, https://www.edrdg.org/, CC BY-SA 4.0) as packaged in jamdict-data %s.
# Rebuild: python -m cstocorpus.lexicon.jmdict build --db PATH/jamdict.db
# Common entries only (priority news1/ichi1/spec1/spec2/gai1), their common written forms of
# two characters or more, the glosses of the first sense. Format: japanese<TAB>gloss|gloss|...
"""


def _clean(gloss: str) -> str | None:
    g = re.sub(r"\s*\([^)]*\)\s*", " ", gloss).strip().lower()
    g = re.sub(r"^to ", "", g)
    g = " ".join(g.split())
    if not g or not re.fullmatch(r"[a-z][a-z' -]*[a-z]", g) or len(g.split()) > 3:
        return None
    return g


def derive(db: Path) -> list[tuple[str, list[str]]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    q = ",".join("?" * len(PRIORITY))
    forms: dict[int, list[str]] = {}
    for idseq, text in con.execute(
            f"SELECT DISTINCT k.idseq, k.text FROM Kanji k JOIN KJP p ON p.kid = k.ID WHERE p.text IN ({q})",
            PRIORITY):
        forms.setdefault(idseq, []).append(text)
    for idseq, text in con.execute(
            f"""SELECT DISTINCT k.idseq, k.text FROM Kana k JOIN KNP p ON p.kid = k.ID WHERE p.text IN ({q})
                AND (k.nokanji OR NOT EXISTS (SELECT 1 FROM Kanji j WHERE j.idseq = k.idseq))""", PRIORITY):
        forms.setdefault(idseq, []).append(text)
    first_sense = dict(con.execute("SELECT idseq, MIN(ID) FROM Sense GROUP BY idseq"))
    glosses: dict[int, list[str]] = {}
    for sid, text in con.execute("SELECT sid, text FROM SenseGloss WHERE lang = 'eng' ORDER BY rowid"):
        glosses.setdefault(sid, []).append(text)
    by_word: dict[str, list[str]] = {}
    for idseq, written in forms.items():
        english = [g for g in (_clean(t) for t in glosses.get(first_sense.get(idseq), [])) if g]
        english = list(dict.fromkeys(english))[:MAX_GLOSSES]
        for w in written:
            if len(w) >= 2 and english:
                merged = by_word.setdefault(w, [])
                merged.extend(e for e in english if e not in merged)
    return sorted(by_word.items())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--db", type=Path, help="jamdict.db (default: the installed jamdict-data's)")
    args = parser.parse_args(argv)
    db, version = args.db, "?"
    if db is None:
        try:
            import jamdict_data  # noqa: PLC0415
        except ImportError:
            print("Error: jamdict-data is not installed (pip install jamdict-data), or give --db", file=sys.stderr)
            return 2
        db = Path(jamdict_data.__file__).parent / "jamdict.db"
        version = getattr(jamdict_data, "__version__", "?")
    rows = derive(db)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER % version)
        for ja, en in rows:
            f.write(f"{ja}\t{'|'.join(en)}\n")
    print(f"{len(rows)} Japanese words written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
