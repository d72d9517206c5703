"""The one place the single-document stages meet: decode → extract (HTML) → classify → language.

Archive-level orchestration (readers → clean → dedup → archive) lives in `cleaner.ingest`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from cleaner.classify import Classification, ClassifierConfig, classify
from cleaner.decode import decode_bytes
from cleaner.extract import Extraction, extract_html, looks_like_html
from cleaner.language import LanguageIdentifier
from cleaner.model import Article, InputKind
from cleaner.rules import RuleSet, load_ruleset
from cleaner.timelimit import time_limit
from cleaner.widgets import WidgetSignals, load_widget_signals

# trafilatura has already cut the page chrome around the article: the head/tail structural
# rules meant for scraped text (short unpunctuated lines, bullet fragments) would only cut
# list items, table cells and subheadings of the article. Rule packs still apply.
EXTRACTED_TEXT_CONFIG = ClassifierConfig(chrome_max_words=0, bullet_max_words=0)


def site_of(url: str | None) -> str | None:
    """The host of a URL without a leading `www.`, or None."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


class Cleaner:
    """Cleans documents with one loaded set of rule packs. Immutable after construction,
    so one instance may be shared by threads."""

    def __init__(
        self, rule_files: Sequence[Path | str] = (), *, time_limit: float | None = 20.0
    ) -> None:
        """`time_limit`: seconds one document may take (None: unlimited); enforced only in
        a process's main thread (see `cleaner.timelimit`)."""
        self.ruleset: RuleSet = load_ruleset([Path(p) for p in rule_files])
        self.widget_signals: WidgetSignals = load_widget_signals()
        self.language = LanguageIdentifier()
        self.time_limit = time_limit

    def clean(
        self,
        data: str | bytes,
        *,
        url: str | None = None,
        kind: InputKind | None = None,
        site_template: Mapping[str, str] | None = None,
    ) -> Article:
        """`site_template`: normalised line → evidence, lines learned as the site's chrome
        (from `cleaner.templates.SiteTemplates.mapping_for`)."""
        self.language.load()  # once per Cleaner, outside the per-document time limit
        with time_limit(self.time_limit):
            return self._clean(data, url, kind, site_template)

    def _clean(
        self,
        data: str | bytes,
        url: str | None,
        kind: InputKind | None,
        site_template: Mapping[str, str] | None,
    ) -> Article:
        text = decode_bytes(data) if isinstance(data, bytes) else data
        if kind == "html" or (kind is None and looks_like_html(text)):
            return self._clean_html(text, url, site_template)
        return self._clean_text(text, url, site_template)

    def _clean_text(
        self, text: str, url: str | None, site_template: Mapping[str, str] | None
    ) -> Article:
        result = classify(text.splitlines(), self.ruleset, site_template=site_template)
        return _article(result, url=url, input_kind="text", language=self.language)

    def _clean_html(
        self, html: str, url: str | None, site_template: Mapping[str, str] | None
    ) -> Article:
        extraction = extract_html(html, url=url, signals=self.widget_signals)
        result = classify(
            extraction.lines,
            self.ruleset,
            known_title=extraction.title,
            config=EXTRACTED_TEXT_CONFIG,
            site_template=site_template,
        )
        return _article(
            result, url=url, input_kind="html", language=self.language, extraction=extraction
        )


def _article(
    result: Classification,
    *,
    url: str | None,
    input_kind: InputKind,
    language: LanguageIdentifier,
    extraction: Extraction | None = None,
) -> Article:
    text = "\n\n".join(result.paragraphs)
    meta = extraction.metadata if extraction else {}
    page_url = url or meta.get("url")
    stripped = extraction.stripped if extraction else ()
    return Article(
        text=text,
        title=result.title or (extraction.title if extraction else None),
        removed=(*stripped, *result.removed),
        author=meta.get("author"),
        published=meta.get("published"),
        # the host, as the archive keys sites by it; the display name only when no URL is known
        site=site_of(page_url) or site_of(meta.get("canonical_url")) or meta.get("site"),
        url=page_url,
        canonical_url=meta.get("canonical_url"),
        description=meta.get("description"),
        language=language.detect(text) or meta.get("language"),
        input_kind=input_kind,
    )


def clean(
    data: str | bytes, *, url: str | None = None, rules: Sequence[Path | str] = ()
) -> Article:
    """Clean one document (HTML or plain text, detected from the content).

    Pure and deterministic: no I/O beyond reading the rule packs, no global state.
    """
    return Cleaner(rules).clean(data, url=url)
