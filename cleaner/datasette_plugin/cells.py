"""How cells render: highlighted search matches, and links to the article page.

- The ranked-search query marks matches with <mark>...</mark> (FTS5 `snippet` and `highlight`).
  Datasette escapes cell values, so those two tags are turned back into HTML and everything
  else stays escaped.
- In query results an `article_id`, and the title of a row that has one, link to the article
  page; so does the title in the `articles` table (its search box results) and on its row page.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from cleaner.datasette_plugin.routes import article_url

HIGHLIGHT_OPEN = "<mark>"
HIGHLIGHT_CLOSE = "</mark>"
HIGHLIGHTED_COLUMNS = frozenset({"title", "snippet"})
ARTICLE_LINK_COLUMN = "article_id"
ARTICLES_TABLE = "articles"
TITLE_COLUMN = "title"


def cell_html(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Markup | None:
    """The HTML of one cell, or None for Datasette's default rendering."""
    if not isinstance(value, str):
        return None
    if table is None:  # a custom or canned query
        html = highlighted_html(value) if column in HIGHLIGHTED_COLUMNS else None
        linked = column in (ARTICLE_LINK_COLUMN, TITLE_COLUMN)
        article = _value_of(row, ARTICLE_LINK_COLUMN) if linked else None
    else:
        html = None
        linked = table == ARTICLES_TABLE and column == TITLE_COLUMN
        article = _value_of(row, "id") if linked else None
    if article is None:
        return html
    url = article_url(datasette, database, article)
    return Markup('<a href="{}">{}</a>').format(url, html if html is not None else value)


def _value_of(row: Any, column: str) -> str | None:
    keys = row.keys() if hasattr(row, "keys") else ()
    value = row[column] if column in keys else None
    return value if isinstance(value, str) and value else None


def highlighted_html(value: str) -> Markup | None:
    """Escape `value`, then turn back exactly the <mark> and </mark> tags into HTML.

    None when there is nothing to highlight (Datasette then renders the cell as usual)."""
    if HIGHLIGHT_OPEN not in value:
        return None
    escaped = str(escape(value))
    escaped = escaped.replace(str(escape(HIGHLIGHT_OPEN)), HIGHLIGHT_OPEN)
    return Markup(escaped.replace(str(escape(HIGHLIGHT_CLOSE)), HIGHLIGHT_CLOSE))
