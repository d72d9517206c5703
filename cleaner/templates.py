"""Site templates: boilerplate lines learned from the archive itself.

A line that recurs across many different articles of one site (the host from the URL; text
without a URL counts towards the archive as a whole, site '') is chrome that no rule pack knows,
like a broadcaster's "... journalists report the news in 27 languages ..." footer. Counts live in
the archive: `site_lines` (distinct articles per normalised line; its text is stored from the
second article on), `template_sites` (articles observed per site, the denominator of the share),
`template_observed` (which articles were counted, so re-cleaning never counts an article twice)
and `site_templates` (promoted lines).

Guarding prose, because dropping a sentence of an article is worse than keeping a stray line:
- only canonical articles count: near duplicates (syndicated copies) are not independent
  evidence, so a quote repeated by copies of one story counts once;
- a prose line (more than `max_words` words, or a sentence of `prose_words`+ words ending in
  sentence punctuation) counts only when it sits at the edge of an article (the first or last
  `edge_lines` lines not already known as templates, at most a quarter of them each): footers
  and headers live there, quotes and background paragraphs in the middle;
- a prose line needs `prose_min_articles` articles and `prose_min_share` of the site's
  articles, short lines `min_articles` and `min_share`.

Which lines are observed: the article's kept paragraphs plus the lines removed as
`site-template` (the pre-template kept lines), so the counts of learned templates keep growing;
lines removed by a rule pack are not observed: they are gone already. Keying the lines (hash of
the normalised text, prose or not: `key_lines`) needs no database, so ingest's cleaning workers
do it and the writer only counts (`SiteTemplates.observe_new`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import sqlite_utils

from cleaner.clock import utc_now
from cleaner.errors import CleanerError
from cleaner.model import Article
from cleaner.text import ends_sentence, normalise_line, words

TEMPLATE_CATEGORY = "site-template"
ARCHIVE_WIDE = ""
NO_URL_LABEL = "(no URL)"


@dataclass(frozen=True)
class TemplateConfig:
    """Evidence a line needs before it is a template of its site."""

    min_articles: int = 5
    min_share: float = 0.2
    max_words: int = 12
    prose_words: int = 6
    prose_min_articles: int = 8
    prose_min_share: float = 0.5
    edge_lines: int = 3

    def __post_init__(self) -> None:
        if self.min_articles < 2 or self.prose_min_articles < self.min_articles:
            raise CleanerError(
                "template min_articles must be >= 2 and prose_min_articles >= min_articles"
            )
        if not (0.0 <= self.min_share <= 1.0 and 0.0 <= self.prose_min_share <= 1.0):
            raise CleanerError("template shares must be between 0 and 1")


@dataclass(frozen=True)
class LearnedTemplate:
    site: str
    line: str
    articles: int
    learned_at: str


def line_hash(normalised: str) -> str:
    return hashlib.blake2b(normalised.encode(), digest_size=16).hexdigest()


def site_key(site: str | None) -> str:
    return site or ARCHIVE_WIDE


def site_label(site: str | None) -> str:
    return site or "the archive (text without URL)"


def is_prose(line: str, config: TemplateConfig) -> bool:
    """Long lines and full sentences: these need far more evidence to become templates."""
    count = len(words(line))
    if count > config.max_words:
        return True
    return count >= config.prose_words and ends_sentence(line)


def observable_lines(article: Article) -> list[str]:
    """The lines `observe` should count: kept paragraphs, then lines removed as site-template."""
    kept = [p for p in article.text.split("\n\n") if p.strip()]
    templated = [r.text for r in article.removed if r.category == TEMPLATE_CATEGORY]
    return kept + templated


class KeyedLine(NamedTuple):
    """A line as the counts know it: the hash of its normalised text, the text with whitespace
    collapsed, and whether it is prose (see `is_prose`). A tuple: a few dozen per article cross
    from the cleaning workers to the writer, and tuples unpickle fastest."""

    digest: str
    line: str
    prose: bool


def key_lines(lines: Sequence[str], config: TemplateConfig) -> tuple[KeyedLine, ...]:
    """The non-empty lines, keyed. Pure, so ingest's cleaning workers do it, not the writer."""
    keyed = []
    for raw in lines:
        line = " ".join(raw.split())
        normalised = normalise_line(line)
        if normalised:
            keyed.append(KeyedLine(line_hash(normalised), line, is_prose(line, config)))
    return tuple(keyed)


class SiteTemplates:
    """Learns and serves the template lines of each site. Writes happen inside the caller's
    transaction; nothing is committed here."""

    def __init__(self, db: sqlite_utils.Database, config: TemplateConfig | None = None) -> None:
        self.db = db
        self.config = config or TemplateConfig()

    def mapping_for(self, site: str | None) -> Mapping[str, str]:
        """Normalised template line → evidence, for `classify(..., site_template=...)`."""
        key = site_key(site)
        # Plain tuples, not sqlite-utils' dicts: ingest's feeder asks once per document.
        rows = self.db.conn.execute(
            """
            SELECT t.line, max(t.articles, coalesce(l.articles, 0))
            FROM site_templates t
            LEFT JOIN site_lines l ON l.site = t.site AND l.line_hash = t.line_hash
            WHERE t.site = ?
            """,
            [key],
        )
        label = site_label(site)
        return {
            normalise_line(line): f"seen in {count} articles of {label}" for line, count in rows
        }

    def observe(self, site: str | None, article_id: str, lines: Sequence[str]) -> list[str]:
        """Count each distinct line of a canonical article once; return the lines this article
        promoted to templates (as in the second article containing them: a line's text
        is stored from then on), so the caller can re-clean the site's articles."""
        if self._observed_or_near_duplicate(article_id):
            return []
        return self.observe_new(site, article_id, key_lines(lines, self.config))

    def observe_new(
        self, site: str | None, article_id: str, lines: Sequence[KeyedLine]
    ) -> list[str]:
        """`observe` for an article known to be new and canonical (just stored by ingest, not
        a near duplicate), whose lines are keyed already."""
        key = site_key(site)
        counted = self._countable_lines(key, lines)
        conn = self.db.conn
        conn.execute(
            "INSERT INTO template_observed (article_id, site) VALUES (?, ?)", [article_id, key]
        )
        conn.execute(
            """
            INSERT INTO template_sites (site, articles) VALUES (?, 1)
            ON CONFLICT (site) DO UPDATE SET articles = articles + 1
            """,
            [key],
        )
        # A line's text is stored from its second article on: most lines occur once, and
        # their hash is all the count needs (promotion needs >= min_articles >= 2 articles).
        conn.executemany(
            """
            INSERT INTO site_lines (site, line_hash, line, articles) VALUES (?, ?, NULL, 1)
            ON CONFLICT (site, line_hash)
            DO UPDATE SET articles = articles + 1, line = coalesce(line, ?)
            """,
            [(key, digest, line) for digest, line in counted.items()],
        )
        return self._promote(key, list(counted))

    def _observed_or_near_duplicate(self, article_id: str) -> bool:
        """Already counted (a re-clean), or a near duplicate: no new evidence either way."""
        row = self.db.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM template_observed WHERE article_id = ?) "
            "OR EXISTS (SELECT 1 FROM articles WHERE id = ? AND duplicate_of IS NOT NULL)",
            [article_id, article_id],
        ).fetchone()
        return bool(row[0])

    def _countable_lines(self, key: str, lines: Sequence[KeyedLine]) -> dict[str, str]:
        """line_hash → line for the distinct lines that count as evidence (see module doc)."""
        known = self._template_hashes(key)
        body = [entry for entry in lines if entry.digest not in known]
        edge = min(self.config.edge_lines, max(1, len(body) // 4))  # short articles: less
        at_edge = {entry.digest for entry in body[:edge] + body[-edge:]} if edge else set()
        counted: dict[str, str] = {}
        for entry in lines:
            if entry.digest in known or entry.digest in at_edge or not entry.prose:
                counted.setdefault(entry.digest, entry.line)
        return counted

    def _template_hashes(self, key: str) -> set[str]:
        rows = self.db.conn.execute("SELECT line_hash FROM site_templates WHERE site = ?", [key])
        return {row[0] for row in rows}

    def _promote(self, key: str, hashes: Sequence[str]) -> list[str]:
        """Promote the given lines that now pass the thresholds; return their text."""
        if not hashes:
            return []
        site_articles = self._site_articles(key)
        placeholders = ", ".join("?" for _ in hashes)
        rows = self.db.conn.execute(
            f"""
            SELECT l.line_hash, l.line, l.articles
            FROM site_lines l
            LEFT JOIN site_templates t ON t.site = l.site AND t.line_hash = l.line_hash
            WHERE l.site = ? AND l.line_hash IN ({placeholders}) AND t.line_hash IS NULL
              AND l.articles >= ?
            """,
            [key, *hashes, self.config.min_articles],
        )
        learned = [row for row in rows if self._passes(row[1], row[2], site_articles)]
        if not learned:
            return []
        now = utc_now()
        self.db.conn.executemany(
            "INSERT INTO site_templates (site, line_hash, line, articles, learned_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [(key, digest, line, articles, now) for digest, line, articles in learned],
        )
        return [line for _, line, _ in learned]

    def _passes(self, line: str, articles: int, site_articles: int) -> bool:
        share = articles / max(site_articles, 1)
        if is_prose(line, self.config):
            return (
                articles >= self.config.prose_min_articles and share >= self.config.prose_min_share
            )
        return articles >= self.config.min_articles and share >= self.config.min_share

    def _site_articles(self, key: str) -> int:
        row = self.db.conn.execute(
            "SELECT articles FROM template_sites WHERE site = ?", [key]
        ).fetchone()
        return int(row[0]) if row else 0


def learned_templates(db: sqlite_utils.Database, site: str | None = None) -> list[LearnedTemplate]:
    """Learned template lines, per site then most frequent first (`site=None`: every site)."""
    where, params = ("WHERE t.site = ?", [site_key(site)]) if site is not None else ("", [])
    rows = db.query(
        f"""
        SELECT t.site AS site, t.line AS line, t.learned_at AS learned_at,
               max(t.articles, coalesce(l.articles, 0)) AS articles
        FROM site_templates t
        LEFT JOIN site_lines l ON l.site = t.site AND l.line_hash = t.line_hash
        {where}
        ORDER BY t.site, articles DESC, t.line
        """,
        params,
    )
    return [LearnedTemplate(r["site"], r["line"], r["articles"], r["learned_at"]) for r in rows]


def templates_per_site(db: sqlite_utils.Database) -> list[tuple[str, int]]:
    """(site, number of learned templates) for `cleaner stats`, most templates first; text
    without URL shows as "(no URL)"."""
    if not db.table("site_templates").exists():
        return []
    rows = db.query(
        "SELECT site, count(*) AS n FROM site_templates GROUP BY site ORDER BY n DESC, site"
    )
    return [(row["site"] or NO_URL_LABEL, int(row["n"])) for row in rows]
