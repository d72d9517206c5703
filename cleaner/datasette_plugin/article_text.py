"""A stored article's clean text with its removed lines put back in place: the `cleaner explain`
view rebuilt from what the archive keeps (no re-cleaning).

The archive stores the clean text (one paragraph per kept line, paragraphs joined by a blank
line) and each removal with its 1-based line number in the text the classifier saw; the kept
lines' numbers are not stored. They are recovered in one of two ways, each checked:

- plain text: the classifier saw the decoded raw input split into lines, blank lines included.
  The kept paragraphs are exactly its non-blank lines that were not removed, in order; this is
  verified line by line (kept and removed text alike) before it is trusted;
- HTML: the classifier saw the lines extracted from the page, which has no blank lines, so the
  lines 1..N are the removals and the paragraphs in order (checked: every removal fits in N).

When neither fits (an archive edited by hand, say) the paragraphs are shown first and the
removals after them in line order, and the page says their positions are unknown. DOM blocks
stripped before extraction (line 0) come apart: they have no position in the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cleaner.model import Removal
from cleaner.text import collapse_whitespace

# The clean text is its paragraphs joined by one blank line (cleaner.pipeline).
PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True)
class TextLine:
    """One line of the rebuilt view: a kept paragraph, or a removed line with its removal."""

    line: int | None  # 1-based line number in the classifier's text; None when unknown
    text: str
    removal: Removal | None = None


@dataclass(frozen=True)
class AnnotatedText:
    lines: tuple[TextLine, ...]
    stripped: tuple[Removal, ...]  # DOM blocks removed before extraction (HTML)
    placed: bool  # False: positions unknown, removals listed after the text

    @property
    def kept_count(self) -> int:
        return sum(1 for line in self.lines if line.removal is None)

    @property
    def removed_count(self) -> int:
        return len(self.lines) - self.kept_count + len(self.stripped)


def annotate(
    text: str, removals: Sequence[Removal], source_lines: Sequence[str] | None
) -> AnnotatedText:
    """Interleave the paragraphs of `text` and the `removals` by line number.

    `source_lines`: the raw input decoded and split as the classifier split plain text
    (`str.splitlines`), or None when it is not available."""
    paragraphs = [part for part in text.split(PARAGRAPH_BREAK) if part]
    stripped = tuple(removal for removal in removals if removal.line <= 0)
    in_text = sorted((removal for removal in removals if removal.line > 0), key=_line_of)
    removed = [TextLine(removal.line, removal.text, removal) for removal in in_text]
    positions = kept_lines_in_source(paragraphs, in_text, source_lines)
    if positions is None:
        positions = kept_lines_without_blanks(paragraphs, in_text)
    if positions is None:
        unplaced = [TextLine(None, paragraph) for paragraph in paragraphs]
        return AnnotatedText((*unplaced, *removed), stripped, placed=False)
    kept = [TextLine(line, text) for line, text in zip(positions, paragraphs, strict=True)]
    return AnnotatedText(tuple(sorted([*kept, *removed], key=_line_of)), stripped, placed=True)


def kept_lines_in_source(
    paragraphs: Sequence[str], removals: Sequence[Removal], source_lines: Sequence[str] | None
) -> list[int] | None:
    """Line numbers of the paragraphs in the plain-text source, if the source accounts for
    every paragraph and every removal exactly; else None."""
    if source_lines is None:
        return None
    removed_text = {removal.line: removal.text for removal in removals}
    kept: list[int] = []
    for number, raw in enumerate(source_lines, start=1):
        line = collapse_whitespace(raw)
        if number in removed_text:
            if removed_text.pop(number) != line:
                return None
        elif line:
            if len(kept) == len(paragraphs) or paragraphs[len(kept)] != line:
                return None
            kept.append(number)
    return kept if not removed_text and len(kept) == len(paragraphs) else None


def kept_lines_without_blanks(
    paragraphs: Sequence[str], removals: Sequence[Removal]
) -> list[int] | None:
    """Line numbers of the paragraphs when lines 1..N are the removals and the paragraphs
    (extracted HTML: no blank lines); None when the removals do not fit in 1..N."""
    removed_at = {removal.line for removal in removals}
    total = len(paragraphs) + len(removed_at)
    if len(removed_at) != len(removals) or any(line > total for line in removed_at):
        return None
    return [number for number in range(1, total + 1) if number not in removed_at]


def _line_of(item: Removal | TextLine) -> int:
    return item.line or 0
