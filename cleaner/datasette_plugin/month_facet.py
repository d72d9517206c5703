"""The `month` facet type: Datasette 0.65 facets by column value or by day; articles are browsed
by published month, so this groups `substr(published, 1, 7)` and selecting a month applies the
stock `published__startswith=YYYY-MM` filter (no view or extra column needed)."""

from __future__ import annotations

from typing import Any

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

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
