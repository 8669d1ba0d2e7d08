"""General vocabulary across languages, from maintained bilingual dictionaries packaged on PyPI.

The glossary names the corpus's concepts by hand; the words around them (sovereignty,
integration, ratification) cannot all be listed there.  Where a maintained dictionary exists
as a package, its word pairs carry a query word into the other language, and every match
found that way says so (``dictionary: ratification (JMdict)``), so a researcher can tell it
from a glossary match:

- Japanese ↔ English: JMdict (EDRDG, CC BY-SA 4.0), its common words, derived from the
  ``jamdict-data`` package into ``data/ja_en_jmdict.tsv`` (``jmdict``);
- Thai ↔ English loanwords: PyThaiNLP's Thai–English transliteration list
  (``th_en_transliteration``, installed with PyThaiNLP): ``โปรโตคอล`` ↔ ``protocol``.

No Russian–English or Thai–English dictionary of general words exists as a package; those
equivalents come from the glossary (``cstocorpus glossary suggest`` lists the candidates).
Nothing is downloaded at run time.
"""

from cstocorpus.lexicon.dictionary import Translation, translations

__all__ = ["Translation", "translations"]
