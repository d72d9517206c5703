"""`cleaner clean` (a Unix filter: document in, clean text out) and `cleaner explain` (every
line with its verdict, the line model's probability and the rule that decided it, as a coloured
table or as records through `cleaner.cli.output`)."""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cleaner.cli.output import Format, Row, colour_wanted, output_options, print_records
from cleaner.errors import CleanerError
from cleaner.model import InputKind
from cleaner.readers import ReaderOptions, read_document

if TYPE_CHECKING:
    from cleaner.pipeline import Explanation

T = TypeVar("T")
KIND_CHOICES = click.Choice(["auto", "text", "html"])

_source_argument = click.argument("source", metavar="FILE|-", required=False)
_rules_option = click.option(
    "--rules",
    "rule_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="PACK.toml",
    help="An extra rule pack (repeatable); its rules run after the built-in ones.",
)
_rules_only_option = click.option(
    "--rules-only",
    is_flag=True,
    help="Clean plain text with the rule packs alone, without the learned line model.",
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
@_rules_only_option
@_url_option
@_kind_option
@click.option("--json", "as_json", is_flag=True, help="Print the whole Article as JSON.")
@click.option("--with-title", is_flag=True, help="Print the title, a blank line, then the body.")
def clean(
    source: str | None,
    rule_files: tuple[str, ...],
    rules_only: bool,
    url: str | None,
    kind: str,
    as_json: bool,
    with_title: bool,
) -> None:
    """Clean one document (plain text or HTML) and print the article body.

    FILE is a path, or - for standard input. The headline goes to the title, not the body;
    paragraphs are separated by one blank line.
    """
    source = _source_or_usage(source)
    from cleaner.pipeline import Cleaner  # loads trafilatura: only when a command runs

    cleaner = Cleaner(rule_files, line_model=None if rules_only else "shipped")
    input_kind = _kind(kind)
    article = _wrap(
        source, lambda: cleaner.clean(_read(source, input_kind), url=url, kind=input_kind)
    )
    if as_json:
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
        return
    parts = [article.title] if with_title and article.title else []
    if article.text:
        parts.append(article.text)
    else:  # nothing on stdout would leave a filter's user guessing
        click.echo(
            f"note: {_display_name(source)}: no body text left: every line is the headline or "
            f"was removed ({len(article.removed)} removed; `cleaner explain` shows why)",
            err=True,
        )
    if parts:
        click.echo("\n\n".join(parts))


@click.command("explain")
@_source_argument
@_rules_option
@_rules_only_option
@_url_option
@_kind_option
@click.option(
    "--width",
    type=click.IntRange(0),
    default=0,
    metavar="N",
    help="Cut line text to N characters (0: never).",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the verdicts (default: only on a terminal, and never under NO_COLOR).",
)
@output_options
def explain(
    source: str | None,
    rule_files: tuple[str, ...],
    rules_only: bool,
    url: str | None,
    kind: str,
    width: int,
    color: bool | None,
    fmt: Format,
) -> None:
    """Print every line of a document with its verdict (keep/drop), category, the line model's
    boilerplate probability (- when it did not run) and the rule that decided it.

    For HTML the lines are the text extracted from the page, after the blocks stripped from
    its DOM (listed first, as line 0). Records: line, keep, category, score, rule_id, reason,
    text, and the document's title on every record.
    """
    source = _source_or_usage(source)
    from cleaner.pipeline import Cleaner  # loads trafilatura: only when a command runs

    cleaner = Cleaner(rule_files, line_model=None if rules_only else "shipped")
    input_kind = _kind(kind)
    explanation = _wrap(
        source, lambda: cleaner.explain(_read(source, input_kind), url=url, kind=input_kind)
    )
    print_records(
        explanation_rows(explanation),
        fmt,
        lambda rows: explanation_lines(explanation, rows, width),
        color=colour_wanted(color),
    )


COMMANDS: list[click.Command] = [clean, explain]


def _kind(choice: str) -> InputKind | None:
    if choice == "text":
        return "text"
    if choice == "html":
        return "html"
    return None


def _source_or_usage(source: str | None) -> str:
    """The input to read: standard input when none is named, unless that is a terminal,
    where a user waiting for a prompt is better served by the usage."""
    if source is not None:
        return source
    if sys.stdin.isatty():
        raise click.UsageError("no document given: name a FILE, or - to read standard input")
    return "-"


def _read(source: str, kind: InputKind | None) -> bytes:
    """The document's bytes, from a file or standard input, read as `ingest` reads one: the
    same size and gzip caps, the same checks and one-line reasons."""
    return read_document(source, ReaderOptions(), kind).data


def _wrap(source: str, work: Callable[[], T]) -> T:
    """Run `work`, prefixing the input's name to any library error (one line, exit 2)."""
    try:
        return work()
    except CleanerError as exc:
        raise type(exc)(f"{_display_name(source)}: {exc}") from exc


def _display_name(source: str) -> str:
    return "standard input" if source == "-" else source


# --- printing ---------------------------------------------------------------------------------

_STYLE: dict[str, dict[str, Any]] = {
    "keep": {"fg": "green"},
    "drop": {"fg": "red"},
    "blank": {"dim": True},
}
RECORD_FIELDS = ("line", "keep", "category", "score", "rule_id", "reason", "text")


def explanation_rows(explanation: Explanation) -> Iterator[Row]:
    """One record per DOM block stripped (line 0) and per line, blank lines included; each
    carries the document's title, as the last line of the human layout does."""
    title = explanation.classification.title
    blocks = ({**asdict(block), "keep": False, "score": None} for block in explanation.stripped)
    lines = (asdict(verdict) for verdict in explanation.classification.verdicts)
    for item in itertools.chain(blocks, lines):
        yield {**{name: item[name] for name in RECORD_FIELDS}, "title": title}


def explanation_lines(explanation: Explanation, rows: Iterable[Row], width: int) -> Iterator[str]:
    if explanation.input_kind == "html":
        yield click.style(
            f"# HTML: {len(explanation.stripped)} block(s) stripped from the DOM, "
            "then the extracted lines",
            dim=True,
        )
    for row in rows:
        yield _row(row, width)
    title = explanation.classification.title
    yield click.style(f"# title: {title}" if title else "# title: (none)", dim=True)


def _row(row: Row, width: int) -> str:
    """`line  keep|drop  category  score  text  ← rule: reason`; a blank line is just that."""
    if row["category"] == "blank":
        return click.style(f"{row['line']:>5}  blank", **_STYLE["blank"])
    mark = "keep" if row["keep"] else "drop"
    text = row["text"]
    shown = text if not width or len(text) <= width else text[: max(width - 1, 0)] + "…"
    score = "-" if row["score"] is None else f"{row['score']:.2f}"
    head = click.style(
        f"{row['line']:>5}  {mark}  {row['category']:<13} {score:>4}", **_STYLE[mark]
    )
    why = click.style(f"  ← {row['rule_id']}: {row['reason']}", dim=True)
    return f"{head}  {shown}{why}"
