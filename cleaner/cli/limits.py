"""Option groups shared by `cleaner ingest`, `reclean` and `nightly`: input limits and
site-template thresholds.

`@reader_limit_options` adds --max-file-size, --max-decompressed-size and --max-line-length to a
command and hands it one `reader: ReaderOptions` argument instead of three loose values.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

import click

from cleaner.readers import ReaderOptions
from cleaner.templates import TemplateConfig

F = TypeVar("F", bound=Callable[..., Any])
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]i?B?|B)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
_DEFAULTS = ReaderOptions()


class ByteSize(click.ParamType):
    """A size in bytes: 5000000, 500K, 50M, 2G (binary units; KB/KiB accepted alike)."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = _SIZE.match(str(value))
        if not match:
            self.fail(f"{value!r} is not a size such as 500K, 50M or 2G", param, ctx)
        unit = (match.group(2) or "").upper()[:1]
        size = int(float(match.group(1)) * _UNITS[unit])
        if size < 1:
            self.fail("a size must be at least 1 byte", param, ctx)
        return size


def _mib(n: int) -> str:
    return f"{n // 1024**2}M"


_OPTIONS = (
    click.option("--max-file-size", type=ByteSize(), default=_mib(_DEFAULTS.max_file_bytes),
                 show_default=True,
                 help="Largest document: a file, a JSONL record or a WARC record payload."),
    click.option("--max-decompressed-size", type=ByteSize(),
                 default=_mib(_DEFAULTS.max_decompressed_bytes), show_default=True,
                 help="Most a gzip file may expand to (guards against gzip bombs)."),
    click.option("--max-line-length", type=click.IntRange(1), default=_DEFAULTS.max_line_chars,
                 show_default=True, help="Longest line of plain text, in characters."),
)  # fmt: skip


def reader_limit_options(command: F) -> F:
    """Add the limit options; the command receives them as `reader: ReaderOptions`."""

    @functools.wraps(command)
    def with_reader(
        *args: Any,
        max_file_size: int,
        max_decompressed_size: int,
        max_line_length: int,
        **kwargs: Any,
    ) -> Any:
        reader = ReaderOptions(
            max_file_bytes=max_file_size,
            max_decompressed_bytes=max_decompressed_size,
            max_line_chars=max_line_length,
        )
        return command(*args, reader=reader, **kwargs)

    decorated: Callable[..., Any] = with_reader
    for option in reversed(_OPTIONS):
        decorated = option(decorated)
    return decorated  # type: ignore[return-value]


_TEMPLATE_DEFAULTS = TemplateConfig()
_TEMPLATE_OPTIONS = (
    click.option("--template-min-articles", type=click.IntRange(2),
                 default=_TEMPLATE_DEFAULTS.min_articles, show_default=True,
                 help="Articles of one site a short line must recur in to become a template."),
    click.option("--template-min-share", type=click.FloatRange(0.0, 1.0),
                 default=_TEMPLATE_DEFAULTS.min_share, show_default=True,
                 help="...and the share of the site's articles it must recur in."),
    click.option("--template-prose-min-articles", type=click.IntRange(2),
                 default=_TEMPLATE_DEFAULTS.prose_min_articles, show_default=True,
                 help="The same for sentence-like lines, which need more evidence."),
)  # fmt: skip


def template_options(command: F) -> F:
    """Add the site-template thresholds; the command receives `templates: TemplateConfig`."""

    @functools.wraps(command)
    def with_templates(
        *args: Any,
        template_min_articles: int,
        template_min_share: float,
        template_prose_min_articles: int,
        **kwargs: Any,
    ) -> Any:
        templates = dataclasses.replace(
            _TEMPLATE_DEFAULTS,
            min_articles=template_min_articles,
            min_share=template_min_share,
            prose_min_articles=max(template_prose_min_articles, template_min_articles),
        )
        return command(*args, templates=templates, **kwargs)

    decorated: Callable[..., Any] = with_templates
    for option in reversed(_TEMPLATE_OPTIONS):
        decorated = option(decorated)
    return decorated  # type: ignore[return-value]
