"""The Datasette plugin `cleaner serve` registers (a package, so that Datasette finds its
`templates/` folder). Its modules:

- `month_facet`: the `month` facet type (articles by published month);
- `cells`: highlighted search results, and titles and article ids that link to the article page;
- `search_functions`: cleaner's FTS5 query builder as `escape_fts`, and snippets of CJK hits;
- `routes`, `article_page`, `article_text`: the article page (the `cleaner explain` view of a
  stored article: clean text with the removed lines struck through in place, labelled with
  category and rule) and the raw-input page;
- `extra_body_script` here: folds the long list of column descriptions on table pages.

Everything is read-only: the pages read the archive with SELECTs on Datasette's read connection.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl
from datasette.facets import Facet

from cleaner.datasette_plugin.cells import cell_html
from cleaner.datasette_plugin.month_facet import MonthFacet
from cleaner.datasette_plugin.routes import ARTICLE_ROUTE, RAW_ROUTE, article_view, raw_view
from cleaner.datasette_plugin.search_functions import register_search_functions


@hookimpl(trylast=True)  # after Datasette's own, so that its escape_fts is replaced
def prepare_connection(conn: sqlite3.Connection) -> None:
    register_search_functions(conn)


@hookimpl
def register_facet_classes() -> list[type[Facet]]:
    return [MonthFacet]


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(ARTICLE_ROUTE, article_view), (RAW_ROUTE, raw_view)]


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Any:
    return cell_html(row, value, column, table, database, datasette)


# Datasette 0.65 lists every column description above the table, pushing the search box and
# facets below the fold: fold the list into a <details> (without JavaScript it stays open).
FOLD_COLUMN_DESCRIPTIONS = """
for (const list of document.querySelectorAll("dl.column-descriptions")) {
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = "Column descriptions";
  list.replaceWith(details);
  details.append(summary, list);
}
"""


@hookimpl
def extra_body_script(view_name: str) -> str:
    return FOLD_COLUMN_DESCRIPTIONS if view_name == "table" else ""
