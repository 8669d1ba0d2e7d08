"""Managing the corpus: ``add`` sources, ``remove`` documents, ``list`` what is there."""
