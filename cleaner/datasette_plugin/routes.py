"""The plugin's own pages, under the database's `/-/` (Datasette's prefix for non-table pages):

- `/{database}/-/article/{id}`: the article page (template `cleaner_article.html`): the clean
  text with the removed lines in place, struck through and labelled, and links to the raw
  input, the other versions and the duplicate cluster;
- `/{database}/-/raw/{hash}`: the raw input as the cleaner read it, decoded, as plain text
  (never as HTML: the input is untrusted).

Both check Datasette's view permissions for the table they read, as its row pages do.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response

from cleaner.datasette_plugin.article_page import ArticlePage, load_article_page, raw_bytes
from cleaner.decode import decode_bytes
from cleaner.errors import CleanerError

ARTICLE_ROUTE = r"^/(?P<database>[^/]+)/-/article/(?P<article_id>[^/]+)$"
RAW_ROUTE = r"^/(?P<database>[^/]+)/-/raw/(?P<raw_hash>[^/]+)$"
ARTICLE_TEMPLATE = "cleaner_article.html"
# Fields shown as links, only with an http(s) scheme (a stored "javascript:" URL stays text).
URL_FIELDS = ("url", "canonical_url")
# Untrusted bytes: the browser must not sniff them into HTML.
RAW_HEADERS = {"x-content-type-options": "nosniff", "content-disposition": "inline"}


def article_url(datasette: Any, database: str, article_id: str) -> str:
    return f"{datasette.urls.database(database)}/-/article/{tilde_encode(article_id)}"


def raw_url(datasette: Any, database: str, raw_hash: str) -> str:
    return f"{datasette.urls.database(database)}/-/raw/{tilde_encode(raw_hash)}"


async def article_view(datasette: Any, request: Any) -> Response:
    database = await _database(datasette, request, "articles")
    article_id = tilde_decode(request.url_vars["article_id"])
    page = await datasette.get_database(database).execute_fn(
        lambda conn: load_article_page(conn, article_id)
    )
    if page is None:
        raise NotFound(f"No article {article_id!r} in {database}")
    html = await datasette.render_template(
        ARTICLE_TEMPLATE,
        {"database": database, "page": page, "links": _links(datasette, database, page)},
        request=request,
        view_name="cleaner_article",
    )
    return Response.html(html)


async def raw_view(datasette: Any, request: Any) -> Response:
    database = await _database(datasette, request, "raw_inputs")
    raw_hash = tilde_decode(request.url_vars["raw_hash"])
    data = await datasette.get_database(database).execute_fn(lambda conn: raw_bytes(conn, raw_hash))
    if data is None:
        raise NotFound(f"No raw input {raw_hash!r} in {database}")
    try:
        return Response.text(decode_bytes(data), headers=RAW_HEADERS)
    except CleanerError:  # not decodable as text: hand over the bytes themselves
        return Response(data, headers=RAW_HEADERS, content_type="application/octet-stream")


async def _database(datasette: Any, request: Any, table: str) -> str:
    """The database the URL names (404 if none), once the actor may view `table` there."""
    try:
        database = datasette.get_database(route=tilde_decode(request.url_vars["database"])).name
    except KeyError:
        raise NotFound(f"Database not found: {request.url_vars['database']}") from None
    await datasette.ensure_permissions(
        request.actor,
        [("view-table", (database, table)), ("view-database", database), "view-instance"],
    )
    return str(database)


def _links(datasette: Any, database: str, page: ArticlePage) -> dict[str, Any]:
    urls = datasette.urls

    def filtered(path: str, **params: str) -> str:
        return f"{path}?{urlencode(params)}"

    return {
        "raw": raw_url(datasette, database, page.raw_hash),
        "raw_row": urls.row(database, "raw_inputs", tilde_encode(page.raw_hash)),
        "row": urls.row(database, "articles", tilde_encode(page.id)),
        "removals": filtered(urls.table(database, "removals"), article_id=page.id),
        "all_versions": filtered(urls.table(database, "articles"), doc_key=page.doc_key),
        "cluster": filtered(urls.query(database, "duplicate_clusters"), article_id=page.id),
        "versions": {v.id: article_url(datasette, database, v.id) for v in page.versions},
        "members": {m.id: article_url(datasette, database, m.id) for m in page.cluster},
        "external": {
            name: value
            for name, value in page.fields
            if name in URL_FIELDS and str(value).startswith(("https://", "http://"))
        },
    }
