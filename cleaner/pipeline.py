"""The one place the single-document stages meet: decode → extract (HTML) → classify → language.

Archive-level orchestration (readers → clean → dedup → archive) lives in `cleaner.ingest`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cleaner.classify import Classification, ClassifierConfig, classify
from cleaner.decode import decode_bytes
from cleaner.extract import Extraction, extract_html, looks_like_html
from cleaner.guard import check_html
from cleaner.language import LanguageIdentifier
from cleaner.linemodel.model import LineModel, shipped_line_model
from cleaner.loaded import loaded
from cleaner.metadata.text import states_metadata, text_metadata
from cleaner.metadata.title import headline_part, without_trailing_name
from cleaner.model import Article, InputKind, Removal
from cleaner.paragraphs import body_paragraphs
from cleaner.rules import RuleSet
from cleaner.sites import host_of
from cleaner.timelimit import time_limit
from cleaner.widgets import WidgetSignals

# trafilatura has already cut the page chrome around the article: the head/tail structural
# rules meant for scraped text (short unpunctuated lines, bullet fragments) would only cut
# list items, table cells and subheadings of the article. Rule packs still apply.
EXTRACTED_TEXT_CONFIG = ClassifierConfig(chrome_max_words=0, bullet_max_words=0)


class Cleaner:
    """Cleans documents with one loaded set of rule packs. Immutable after construction,
    so one instance may be shared by threads. Cheap to build after the first: the loaded
    state is shared per process (`cleaner.loaded`)."""

    def __init__(
        self,
        rule_files: Sequence[Path | str] = (),
        *,
        time_limit: float | None = 20.0,
        line_model: LineModel | Literal["shipped"] | None = "shipped",
    ) -> None:
        """`time_limit`: seconds one document may take (None: unlimited); enforced only in
        a process's main thread (see `cleaner.timelimit`). `line_model`: the learned model that
        decides the lines of plain text the rules are not sure of ("shipped": the package's
        own, loaded once per process; None: rules only)."""
        shared = loaded(rule_files)
        self.ruleset: RuleSet = shared.ruleset
        self.widget_signals: WidgetSignals = shared.widget_signals
        self.language: LanguageIdentifier = shared.language
        self.line_model = shipped_line_model() if line_model == "shipped" else line_model
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
        with time_limit(self.time_limit):
            explanation = self._explain(data, url, kind, site_template)
            return _article(explanation, url=url, language=self.language)

    def explain(
        self,
        data: str | bytes,
        *,
        url: str | None = None,
        kind: InputKind | None = None,
        site_template: Mapping[str, str] | None = None,
    ) -> Explanation:
        """The stages of `clean` with every per-line verdict kept (for `cleaner explain`)."""
        with time_limit(self.time_limit):
            return self._explain(data, url, kind, site_template)

    def _explain(
        self,
        data: str | bytes,
        url: str | None,
        kind: InputKind | None,
        site_template: Mapping[str, str] | None,
    ) -> Explanation:
        text = decode_bytes(data) if isinstance(data, bytes) else data
        if kind == "html" or (kind is None and looks_like_html(text)):
            check_html(text)  # a cheap refusal of pathological pages, before parsing
            extraction = extract_html(text, url=url, signals=self.widget_signals)
            result = classify(
                extraction.lines,
                self.ruleset,
                known_title=extraction.headline_line or extraction.title,
                config=EXTRACTED_TEXT_CONFIG,
                site_template=site_template,
            )
            return Explanation("html", result, extraction)
        result = classify(
            text.splitlines(),
            self.ruleset,
            site_template=site_template,
            line_model=self.line_model,
        )
        version = self.line_model.version if self.line_model is not None else None
        return Explanation("text", result, model_version=version)


@dataclass(frozen=True)
class Explanation:
    """What the classifier decided for every line, and the extraction it worked on (HTML)."""

    input_kind: InputKind
    classification: Classification
    extraction: Extraction | None = None
    model_version: str | None = None  # the line model that decided, if one did

    @property
    def stripped(self) -> tuple[Removal, ...]:
        """DOM blocks removed before extraction (HTML only)."""
        return self.extraction.stripped if self.extraction else ()


def _article(explanation: Explanation, *, url: str | None, language: LanguageIdentifier) -> Article:
    result, extraction = explanation.classification, explanation.extraction
    if extraction is None:
        text = "\n\n".join(body_paragraphs(result.verdicts))
    else:
        text = "\n\n".join(result.paragraphs)
    meta = extraction.metadata if extraction else {}
    page_url = url or meta.get("url")
    detected = language.detect(text)
    authors = extraction.authors if extraction else ()
    published = meta.get("published")
    modified = meta.get("modified")
    if not (authors and published):  # what the page does not declare, its lines may state
        lines_meta = text_metadata(result, [code for code in (detected, "en") if code])
        authors = authors or lines_meta.authors
        published, modified = published or lines_meta.published, modified or lines_meta.modified
    return Article(
        text=text,
        title=(extraction.title or result.title) if extraction else _text_title(result.title),
        removed=(*explanation.stripped, *result.removed),
        author="; ".join(authors) or None,
        authors=authors,
        published=published,
        modified=modified,
        # the host, as the archive keys sites by it; the display name only when no URL is known
        site=host_of(page_url) or host_of(meta.get("canonical_url")) or meta.get("site"),
        url=page_url,
        canonical_url=meta.get("canonical_url"),
        description=meta.get("description"),
        language=detected or meta.get("language"),
        input_kind=explanation.input_kind,
        model_version=explanation.model_version,
    )


def _text_title(headline: str | None) -> str | None:
    """The classifier's headline of plain text, unless it is a byline or a dateline; without
    what follows a bar (`… | The Japan Times`: a scraper that stored the `<title>`), as the
    HTML path cuts it, and without a trailing name after a dash (`… – Artlyst`)."""
    if headline is None or states_metadata(headline):
        return None
    return without_trailing_name(headline_part(headline))


def clean(
    data: str | bytes, *, url: str | None = None, rules: Sequence[Path | str] = ()
) -> Article:
    """Clean one document (HTML or plain text, detected from the content).

    Pure and deterministic: no I/O beyond reading the rule packs and the language model, no
    mutable global state (the loaded packs and model are immutable and shared per process,
    see `cleaner.loaded`), no time limit either (that would install a SIGALRM handler in the
    caller's process). The first call in a process loads them (about a second); later calls
    cost what a reused `Cleaner` does.
    """
    return Cleaner(rules, time_limit=None).clean(data, url=url)
