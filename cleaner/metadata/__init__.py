"""Article metadata: the headline, the authors and the dates, for HTML pages and plain text.

- `cleaner.metadata.page`: the candidates a page offers, read from its original tree (JSON-LD,
  Open Graph and other meta tags, `<title>`, `<h1>`, byline elements), before any widget is
  stripped;
- `cleaner.metadata.title`: the headline chosen by agreement between those candidates, with
  the site-name part of `<title>` removed;
- `cleaner.metadata.authors`: author strings split into names, placeholders ("No Author",
  "Admin") and organisations (publishers, companies) left out;
- `cleaner.metadata.dates`: dates and timestamps normalised to ISO 8601;
- `cleaner.metadata.text`: author and published date of plain text, from its byline and
  dateline lines.
"""
