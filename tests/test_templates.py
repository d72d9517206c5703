"""Site templates: learned from a real archive, applied by the real classifier, prose guarded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner.archive import Archive, open_archive
from cleaner.ingest import ingest, reclean
from cleaner.ingest.options import IngestOptions, RecleanOptions
from cleaner.outcomes import OutcomeKind
from cleaner.pipeline import Cleaner
from cleaner.templates import (
    SiteTemplates,
    TemplateConfig,
    is_prose,
    key_lines,
    learned_templates,
    templates_per_site,
)
from cleaner.text import normalise_line

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
FOOTER = (
    "RFE/RL journalists report the news in 27 languages in 23 countries where a free press is "
    "banned by the government or not fully established. We provide what many people cannot get "
    "locally: uncensored news, responsible discussion, and open debate."
)
QUOTE = (
    "\"I don't think that our Russian friends meant the forces that entered Syria in agreement "
    'with the Syrian government," he said.'
)


def has_footer(text: str) -> bool:
    return normalise_line(FOOTER) in normalise_line(text)


def seed_paragraphs() -> list[str]:
    """Body paragraphs of the five seeds (long lines only: no chrome, no footer, no QUOTE)."""
    lines = [line.strip() for path in SEEDS for line in path.read_text("utf-8").splitlines()]
    return [
        line
        for line in lines
        if len(line.split()) >= 20
        and not has_footer(line)
        and normalise_line(line) != normalise_line(QUOTE)
    ]


def different_bodies(count: int) -> list[list[str]]:
    """`count` articles with disjoint paragraphs (so none is a near duplicate of another)."""
    pool = seed_paragraphs()
    return [pool[i::count][:5] for i in range(count)]


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with open_archive(tmp_path / "archive.db") as opened:
        yield opened


def observe_all(
    templates: SiteTemplates, site: str | None, articles: list[list[str]]
) -> list[list[str]]:
    learned = []
    for number, lines in enumerate(articles):
        learned.append(templates.observe(site, f"{site}-{number}", lines))
    return learned


def test_prose_needs_length_or_a_full_sentence() -> None:
    config = TemplateConfig()
    assert is_prose(FOOTER, config) and is_prose(QUOTE, config)
    assert is_prose("The company declined to comment on the report.", config)
    assert not is_prose("Listen to this article", config)
    assert not is_prose("Only $100 per year.", config)  # too short to be a sentence of prose
    assert not is_prose("Sign up for our newsletter and get the best stories first", config)


def test_a_footer_of_many_different_articles_becomes_a_template(archive: Archive) -> None:
    templates = SiteTemplates(archive.db)
    articles = [[*body, FOOTER] for body in different_bodies(10)]
    with archive.batch():
        learned = observe_all(templates, "rferl.org", articles)
    needed = TemplateConfig().prose_min_articles
    assert [i for i, lines in enumerate(learned) if lines] == [needed - 1]
    assert learned[needed - 1] == [FOOTER]
    mapping = templates.mapping_for("rferl.org")
    assert mapping == {normalise_line(FOOTER): "seen in 10 articles of rferl.org"}
    assert templates.mapping_for("other.example") == {}
    assert templates_per_site(archive.db) == [("rferl.org", 1)]
    [stored] = learned_templates(archive.db)
    assert (stored.site, stored.line, stored.articles) == ("rferl.org", FOOTER, 10)


def test_the_learned_footer_is_removed_with_its_evidence() -> None:
    seed = SEEDS[1].read_text("utf-8")  # the seed's footer has no-break spaces: "27\xa0languages"
    assert has_footer(seed)
    rules_only = Cleaner(line_model=None)  # the line model may remove it on its own
    plain = rules_only.clean(seed)
    assert has_footer(plain.text)  # no rule pack knows it
    mapping = {normalise_line(FOOTER): "seen in 9 articles of rferl.org"}
    article = rules_only.clean(seed, site_template=mapping)
    assert not has_footer(article.text)
    [removal] = [r for r in article.removed if has_footer(r.text)]
    assert removal.category == "site-template" and removal.rule_id == "template.site"
    assert "seen in 9 articles of rferl.org" in removal.reason
    # Nothing else changes: every paragraph kept without the template is still kept.
    assert [p for p in plain.text.split("\n\n") if not has_footer(p)] == article.text.split("\n\n")


def test_a_footer_seen_by_too_few_articles_is_not_a_template(archive: Archive) -> None:
    templates = SiteTemplates(archive.db)
    seen = TemplateConfig().prose_min_articles - 1
    with archive.batch():
        learned = observe_all(
            templates, "rferl.org", [[*b, FOOTER] for b in different_bodies(seen)]
        )
    assert not any(learned) and templates.mapping_for("rferl.org") == {}


def test_a_quote_inside_different_articles_never_counts(archive: Archive) -> None:
    """Prose counts only at the edges of an article: a quote in the middle is content."""
    templates = SiteTemplates(archive.db)
    pool = seed_paragraphs()
    bodies = [[pool[(n * 4 + k) % len(pool)] for k in range(8)] for n in range(12)]
    articles = [[*body[:4], QUOTE, *body[4:]] for body in bodies]
    with archive.batch():
        learned = observe_all(templates, "news.example", articles)
    assert not any(learned)
    count = archive.db.execute(
        "SELECT count(*) FROM site_lines WHERE line = ?", [" ".join(QUOTE.split())]
    ).fetchone()[0]
    assert count == 0


def test_a_long_quote_in_syndicated_copies_is_not_a_template(tmp_path: Path) -> None:
    """Ten copies of one story, each ending with the same long quote (as syndicated stories
    do): near duplicates are not independent evidence, so the quote stays in the text."""
    body = different_bodies(1)[0]
    records = []
    for number in range(10):
        local = f"Our outlet number {number} carried this report from the wire on Tuesday."
        copy = [f"Headline {number} of the story", *body[:3], local, *body[3:], QUOTE]
        records.append({"url": f"https://news.example/story-{number}", "text": "\n\n".join(copy)})
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    db = tmp_path / "a.db"
    report = ingest(IngestOptions(paths=(str(feed),), db_path=str(db)))
    assert (report.counts[OutcomeKind.NEW], report.counts[OutcomeKind.NEAR_DUPLICATE]) == (1, 9)
    with open_archive(db, create=False) as archive:
        assert learned_templates(archive.db) == []
        texts = [row["text"] for row in archive.db.query("SELECT text FROM articles")]
        assert len(texts) == 10 and all(QUOTE in text for text in texts)
        observed = archive.db.execute("SELECT articles FROM template_sites").fetchall()
        assert observed == [(1,)]


def test_short_chrome_needs_min_articles_and_share(archive: Archive) -> None:
    templates = SiteTemplates(archive.db, TemplateConfig(min_articles=5, min_share=0.2))
    bodies = different_bodies(30)
    chrome = "Listen to this article"
    with archive.batch():
        # 4 articles with the line: too few.
        early = observe_all(templates, "a.example", [[chrome, *b] for b in bodies[:4]])
        # 26 without: the share drops to 4/30.
        observe_all(templates, "a.example", bodies[4:])
        # The 5th article with the line: 5 of 31 = 0.16 < 0.2, still not a template.
        late = templates.observe("a.example", "late", [chrome, "Another different line here."])
    assert not any(early) and late == []
    with archive.batch():
        busy = observe_all(templates, "b.example", [[chrome, *b] for b in bodies[:5]])
    assert busy[4] == [chrome] and not any(busy[:4])


def test_observe_counts_an_article_once_and_skips_near_duplicates(archive: Archive) -> None:
    templates = SiteTemplates(archive.db, TemplateConfig(min_articles=2))
    with archive.batch():
        templates.observe(None, "one", ["Short chrome", "Short chrome"])
        assert templates.observe(None, "one", ["Short chrome"]) == []  # the same article again
        archive.conn.execute(
            "INSERT INTO articles (id, doc_key, version, text, raw_hash, text_hash, duplicate_of)"
            " VALUES ('copy', 'copy', 1, 'x', 'r', 't', 'one')"
        )
        assert templates.observe(None, "copy", ["Short chrome"]) == []  # a near duplicate
        # The line's text is stored from its second article on (a line seen once is a hash).
        assert archive.db.execute("SELECT line FROM site_lines").fetchall() == [(None,)]
        assert templates.observe(None, "two", ["short   CHROME"]) == ["short CHROME"]
    assert templates.mapping_for(None) == {
        "short chrome": "seen in 2 articles of the archive (text without URL)"
    }
    assert archive.db["site_lines"].get(("", next(iter(_hashes(archive)))))["articles"] == 2


def test_lines_keyed_by_the_workers_count_as_observe_counts_them(archive: Archive) -> None:
    templates = SiteTemplates(archive.db, TemplateConfig(min_articles=2))
    lines = ["Short chrome", "  short   CHROME ", "", "The company declined to comment on it."]
    keyed = key_lines(lines, templates.config)
    assert [(k.line, k.prose) for k in keyed] == [
        ("Short chrome", False),
        ("short CHROME", False),
        ("The company declined to comment on it.", True),
    ]
    assert keyed[0].digest == keyed[1].digest != keyed[2].digest
    with archive.batch():
        assert templates.observe_new(None, "one", keyed) == []
        assert templates.observe(None, "two", lines) == ["Short chrome"]


def _hashes(archive: Archive) -> set[str]:
    return {row["line_hash"] for row in archive.db.query("SELECT line_hash FROM site_lines")}


def test_observe_writes_in_the_callers_transaction(archive: Archive) -> None:
    templates = SiteTemplates(archive.db)
    archive.conn.execute("BEGIN")
    templates.observe("x.example", "a", ["Line one", "Line two"])
    assert archive.conn.in_transaction
    archive.conn.execute("ROLLBACK")
    assert archive.db["site_lines"].count == 0 and archive.db["template_observed"].count == 0


def test_config_rejects_nonsense() -> None:
    from cleaner.errors import CleanerError

    with pytest.raises(CleanerError):
        TemplateConfig(min_articles=1)
    with pytest.raises(CleanerError):
        TemplateConfig(min_share=1.5)


def test_ingest_learns_the_footer_and_recleans_the_sites_earlier_articles(tmp_path: Path) -> None:
    """End to end: ten different rferl.org articles with the footer; once learned, the footer
    is removed from every one of them (earlier ones re-cleaned), with the evidence."""
    records = [
        {"url": f"https://www.rferl.org/a/{n}.html", "text": "\n\n".join([*body, FOOTER])}
        for n, body in enumerate(different_bodies(10))
    ]
    feed = tmp_path / "rferl.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    db = tmp_path / "a.db"
    report = ingest(IngestOptions(paths=(str(feed),), db_path=str(db)))
    assert report.counts[OutcomeKind.NEW] == 10
    with open_archive(db, create=False) as archive:
        texts = [row["text"] for row in archive.db.query("SELECT text FROM articles")]
        assert len(texts) == 10 and not [t for t in texts if has_footer(t)]
        reasons = [
            row["reason"]
            for row in archive.db.query(
                "SELECT reason FROM removals WHERE category = 'site-template'"
            )
        ]
        assert len(reasons) == 10 and all("articles of rferl.org" in r for r in reasons)
    # Re-cleaning again changes nothing and counts nothing twice.
    again = reclean(RecleanOptions(db_path=str(db)))
    assert again.counts[OutcomeKind.CHANGED] == 0
    with open_archive(db, create=False) as archive:
        assert archive.db.execute("SELECT articles FROM template_sites").fetchall() == [(10,)]
