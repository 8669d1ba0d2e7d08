"""Statistics on words, counted from the corpus in columns stored with the index
(``index.columns``): collocates, n-grams, keywords, dispersion."""
