"""The body of plain text as paragraphs: kept lines, with lines the source wrapped joined.

A scraper's text may break a paragraph across lines at the page source's line breaks
(`Seit` / `die schwedische Klimaaktivistin … bereist,` / `träumen viele …`). Where it is
safe — two kept lines next to each other in the input, the first not ending a sentence and the
second starting in lower case — they are one paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.classify import LineVerdict
from cleaner.text import continues_sentence


def body_paragraphs(verdicts: Sequence[LineVerdict]) -> tuple[str, ...]:
    """The kept lines in order, a line that continues the kept line just above it joined."""
    paragraphs: list[str] = []
    previous: LineVerdict | None = None  # the last kept line
    for verdict in verdicts:
        if not verdict.keep:
            continue
        if previous is not None and _continues(previous, verdict):
            paragraphs[-1] = f"{paragraphs[-1]} {verdict.text}"
        else:
            paragraphs.append(verdict.text)
        previous = verdict
    return tuple(paragraphs)


def _continues(above: LineVerdict, line: LineVerdict) -> bool:
    """`line` follows `above` directly in the input (no blank or removed line between) and
    continues its sentence."""
    return line.line == above.line + 1 and continues_sentence(above.text, line.text)
