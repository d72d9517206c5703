"""Article metadata: the headline, the authors and the dates, for HTML pages and plain text.

- `cleaner.metadata.page`: the candidates a page offers, read from its original tree (JSON-LD,
  Open Graph and other meta tags, `<title>`, `<h1>`, byline elements), before any widget is
  stripped;
- `cleaner.metadata.title`: the headline chosen by agreement between those candidates, with
  the site-name part of `<title>` removed;
- `cleaner.metadata.authors`: author strings split into names, placeholders ("No Author",
  "Admin") and organisations (publishers, companies) left out;
- `cleaner.metadata.choose`: one value per field of a page, chosen between those candidates;
- `cleaner.metadata.pagedates`: a page's published date, htmldate's corrected by the
  dateline under its headline;
- `cleaner.metadata.dates`: dates and timestamps normalised to ISO 8601, written dates read;
- `cleaner.metadata.bylines`, `cleaner.metadata.datelines`: who wrote an article and when,
  as one line states it;
- `cleaner.metadata.text`: authors and dates of plain text, from the byline, dateline and
  bio lines where they stand (the head, the tail).
"""
