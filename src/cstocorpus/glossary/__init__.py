"""The multilingual glossary: concepts with their names in Russian, Thai, Japanese and English.

corpus/glossary.yaml → ``Glossary`` (checked, ``load``) → ``AnalyzedGlossary`` (every alias
analyzed like the text, stored with the index, ``analyzed``) → query expansion (the query
compiler looks a query word up and adds the concept's other names).
"""

from cstocorpus.glossary.analyzed import AnalyzedAlias, AnalyzedGlossary
from cstocorpus.glossary.load import (
           GLOSSARY_FILE,
           Concept,
           Glossary,
           GlossaryError,
           load_glossary,
)

__all__ = ["GLOSSARY_FILE", "AnalyzedAlias", "AnalyzedGlossary", "Concept", "Glossary", "GlossaryError",
           "load_glossary"]
