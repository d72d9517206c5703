"""Full-text search in every language: which index an article goes to and in what form, and the
FTS5 query of what a user types. No database connection here except `layout`, which installs the
indexes; `cleaner.schema` applies it and `cleaner.archive.search` reads it.

- `bigrams`: CJK text as overlapping character bigrams (unicode61 makes one token of a whole
  run of CJK characters, so no word inside the run could be found);
- `query`: the safe FTS5 query of a user's words (every word quoted, CJK words as bigram
  phrases), the same string for every index;
- `snippets`: snippets of CJK hits, cut from the article's own text;
- `layout`: the three FTS5 indexes (English with Porter stemming, other languages unstemmed,
  CJK bigrams), the views that say which articles each holds, their plain-SQL triggers.
"""
