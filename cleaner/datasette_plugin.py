"""The Datasette plugin `cleaner serve` registers: a month facet and highlighted search results.

- `MonthFacet` (facet type `month`): Datasette 0.65 facets by column value or by day; articles
  are browsed by published month, so this groups `substr(published, 1, 7)` and selecting a month
  applies the stock `published__startswith=YYYY-MM` filter (no view or extra column needed).
- `render_cell`: the ranked-search query marks matches with <mark>...</mark> (FTS5 `snippet` and
  `highlight`). Datasette escapes cell values, so this renders those two tags as HTML and
  escapes everything else; in custom query results an `article_id`, and the title of a row that
  has one, link to the article's page.
- `extra_body_script`: folds the long list of column descriptions on table pages.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import (
    escape_sqlite,
    path_with_added_args,
    path_with_removed_args,
    tilde_encode,
)
from markupsafe import Markup, escape

HIGHLIGHT_OPEN = "<mark>"
HIGHLIGHT_CLOSE = "</mark>"
HIGHLIGHTED_COLUMNS = frozenset({"title", "snippet"})
ARTICLE_LINK_COLUMN = "article_id"
ARTICLES_TABLE = "articles"
# A value that starts like YYYY-MM: dates stored as "YYYY-MM-DD" (or a longer ISO timestamp).
MONTH_GLOB = "[0-9][0-9][0-9][0-9]-[0-1][0-9]*"


class MonthFacet(Facet):
    """Facet counting rows per YYYY-MM of a date column, newest month first."""

    type = "month"

    async def suggest(self) -> list[dict[str, Any]]:
        return []  # only offered where the metadata asks for it

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            try:
                results.append(await self._one_column(column, source_and_config["source"]))
            except QueryInterrupted:
                timed_out.append(column)
        return results, timed_out

    async def _one_column(self, column: str, source: str) -> dict[str, Any]:
        facet_size = self.get_facet_size()
        month_sql = f"substr({escape_sqlite(column)}, 1, 7)"
        sql = (
            f"select {month_sql} as value, count(*) as count from ({self.sql}) "
            f"where {escape_sqlite(column)} glob '{MONTH_GLOB}' "
            f"group by value order by value desc limit {facet_size + 1}"
        )
        rows = await self.ds.execute(
            self.database,
            sql,
            self.params,
            truncate=False,
            custom_time_limit=self.ds.setting("facet_time_limit_ms"),
        )
        return {
            "name": column,
            "type": self.type,
            "results": [self._value(column, row) for row in rows.rows[:facet_size]],
            "hideable": source != "metadata",
            "toggle_url": path_with_removed_args(self.request, {"_facet_month": column}),
            "truncated": len(rows.rows) > facet_size,
        }

    def _value(self, column: str, row: Any) -> dict[str, Any]:
        filter_arg = f"{column}__startswith"
        month = str(row["value"])
        selected = dict(self.get_querystring_pairs()).get(filter_arg) == month
        if selected:
            path = path_with_removed_args(self.request, {filter_arg: month})
        else:
            path = path_with_added_args(self.request, {filter_arg: month})
        return {
            "value": month,
            "label": month,
            "count": row["count"],
            "toggle_url": self.ds.absolute_url(self.request, path),
            "selected": selected,
        }


@hookimpl
def register_facet_classes() -> list[type[Facet]]:
    return [MonthFacet]


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Any:
    """HTML for cells of custom/canned query results (`table` is None there); None = default.

    A title links to its article when the row has an `article_id`, as do article ids.
    """
    if table is not None or not isinstance(value, str):
        return None
    html = highlighted_html(value) if column in HIGHLIGHTED_COLUMNS else None
    article = _article_id(row) if column in (ARTICLE_LINK_COLUMN, "title") else None
    if article is None:
        return html
    url = datasette.urls.row(database, ARTICLES_TABLE, tilde_encode(article))
    return Markup('<a href="{}">{}</a>').format(url, html if html is not None else value)


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


def _article_id(row: Any) -> str | None:
    keys = row.keys() if hasattr(row, "keys") else ()
    value = row[ARTICLE_LINK_COLUMN] if ARTICLE_LINK_COLUMN in keys else None
    return value if isinstance(value, str) and value else None


def highlighted_html(value: str) -> Markup | None:
    """Escape `value`, then turn back exactly the <mark> and </mark> tags into HTML.

    None when there is nothing to highlight (Datasette then renders the cell as usual)."""
    if HIGHLIGHT_OPEN not in value:
        return None
    escaped = str(escape(value))
    escaped = escaped.replace(str(escape(HIGHLIGHT_OPEN)), HIGHLIGHT_OPEN)
    return Markup(escaped.replace(str(escape(HIGHLIGHT_CLOSE)), HIGHLIGHT_CLOSE))
