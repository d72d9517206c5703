"""`cleaner clean` (a Unix filter: document in, clean text out) and `cleaner explain` (every
line with its verdict and the rule that decided it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, TypeVar

import click

from cleaner.classify import LineVerdict
from cleaner.errors import CleanerError
from cleaner.model import InputKind
from cleaner.readers import ReaderOptions, read_document

if TYPE_CHECKING:
    from cleaner.pipeline import Explanation

T = TypeVar("T")
KIND_CHOICES = click.Choice(["auto", "text", "html"])

_source_argument = click.argument("source", metavar="FILE|-", default="-")
_rules_option = click.option(
    "--rules",
    "rule_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="PACK.toml",
    help="An extra rule pack (repeatable); its rules run after the built-in ones.",
)
_url_option = click.option("--url", default=None, help="URL of the document (metadata, site).")
_kind_option = click.option(
    "--kind",
    type=KIND_CHOICES,
    default="auto",
    show_default=True,
    help="Input kind; auto detects HTML from the content.",
)


@click.command("clean")
@_source_argument
@_rules_option
@_url_option
@_kind_option
@click.option("--json", "as_json", is_flag=True, help="Print the whole Article as JSON.")
@click.option("--with-title", is_flag=True, help="Print the title, a blank line, then the body.")
def clean(
    source: str,
    rule_files: tuple[str, ...],
    url: str | None,
    kind: str,
    as_json: bool,
    with_title: bool,
) -> None:
    """Clean one document (plain text or HTML) and print the article body.

    FILE is a path, or - for standard input. The headline goes to the title, not the body;
    paragraphs are separated by one blank line.
    """
    from cleaner.pipeline import Cleaner  # loads trafilatura: only when a command runs

    cleaner, input_kind = Cleaner(rule_files), _kind(kind)
    article = _wrap(
        source, lambda: cleaner.clean(_read(source, input_kind), url=url, kind=input_kind)
    )
    if as_json:
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
        return
    parts = [article.title] if with_title and article.title else []
    if article.text:
        parts.append(article.text)
    if parts:
        click.echo("\n\n".join(parts))


@click.command("explain")
@_source_argument
@_rules_option
@_url_option
@_kind_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line verdict.")
@click.option(
    "--width",
    type=click.IntRange(0),
    default=0,
    metavar="N",
    help="Cut line text to N characters (0: never).",
)
@click.option(
    "--color/--no-color", default=None, help="Colour the verdicts (default: only on a terminal)."
)
def explain(
    source: str,
    rule_files: tuple[str, ...],
    url: str | None,
    kind: str,
    as_json: bool,
    width: int,
    color: bool | None,
) -> None:
    """Print every line of a document with its verdict (keep/drop), category and reason.

    For HTML the lines are the text extracted from the page, after the blocks stripped from
    its DOM (listed first, as line 0).
    """
    from cleaner.pipeline import Cleaner  # loads trafilatura: only when a command runs

    cleaner, input_kind = Cleaner(rule_files), _kind(kind)
    explanation = _wrap(
        source, lambda: cleaner.explain(_read(source, input_kind), url=url, kind=input_kind)
    )
    if as_json:
        for removal in explanation.stripped:
            click.echo(json.dumps({**asdict(removal), "keep": False}, ensure_ascii=False))
        for verdict in explanation.classification.verdicts:
            click.echo(json.dumps(asdict(verdict), ensure_ascii=False))
        return
    _print_explanation(explanation, width, color)


COMMANDS: list[click.Command] = [clean, explain]


def _kind(choice: str) -> InputKind | None:
    if choice == "text":
        return "text"
    if choice == "html":
        return "html"
    return None


def _read(source: str, kind: InputKind | None) -> bytes:
    """The document's bytes, from a file or standard input, read as `ingest` reads one: the
    same size and gzip caps, the same checks and one-line reasons."""
    return read_document(source, ReaderOptions(), kind).data


def _wrap(source: str, work: Callable[[], T]) -> T:
    """Run `work`, prefixing the input's name to any library error (one line, exit 2)."""
    try:
        return work()
    except CleanerError as exc:
        name = "standard input" if source == "-" else source
        raise type(exc)(f"{name}: {exc}") from exc


# --- printing ---------------------------------------------------------------------------------

_STYLE = {
    "keep": {"fg": "green"},
    "drop": {"fg": "red"},
    "blank": {"dim": True},
}


def _print_explanation(explanation: Explanation, width: int, color: bool | None) -> None:
    def out(line: str) -> None:
        click.echo(line, color=color)

    if explanation.input_kind == "html":
        out(
            click.style(
                f"# HTML: {len(explanation.stripped)} block(s) stripped from the DOM, "
                "then the extracted lines",
                dim=True,
            )
        )
        for removal in explanation.stripped:
            out(
                _row(
                    0,
                    "drop",
                    removal.category,
                    removal.text,
                    removal.rule_id,
                    removal.reason,
                    width,
                )
            )
    for verdict in explanation.classification.verdicts:
        out(_verdict_row(verdict, width))
    title = explanation.classification.title
    out(click.style(f"# title: {title}" if title else "# title: (none)", dim=True))


def _verdict_row(verdict: LineVerdict, width: int) -> str:
    if verdict.category == "blank":
        return click.style(f"{verdict.line:>5}  blank", **_STYLE["blank"])  # type: ignore[arg-type]
    mark = "keep" if verdict.keep else "drop"
    return _row(
        verdict.line, mark, verdict.category, verdict.text, verdict.rule_id, verdict.reason, width
    )


def _row(
    line: int, mark: str, category: str, text: str, rule_id: str, reason: str, width: int
) -> str:
    shown = text if not width or len(text) <= width else text[: max(width - 1, 0)] + "…"
    head = click.style(f"{line:>5}  {mark}  {category:<13}", **_STYLE[mark])  # type: ignore[arg-type]
    why = click.style(f"  ← {rule_id}: {reason}", dim=True)
    return f"{head} {shown}{why}"
