"""What `ingest` and `reclean` are asked to do, and their defaults, each written once.

`RunOptions` holds what both share (the archive, cleaning, batching); `IngestOptions` adds the
inputs, `RecleanOptions` the sites to re-clean. The CLI takes its option defaults from here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from cleaner.dedup.minhash import DedupConfig
from cleaner.model import Article, RawDocument
from cleaner.readers import ReaderOptions
from cleaner.templates import TemplateConfig

DEFAULT_DB_PATH = "archive.db"
DEFAULT_TIME_LIMIT = 20.0  # seconds to clean one document
DEFAULT_BATCH_SIZE = 1000  # documents per transaction (a merge: 10% faster than 200) ...
DEFAULT_BATCH_SECONDS = 2.0  # ... or seconds, whichever comes first

# Cleans one document given its site's learned template lines (normalised line → evidence).
# The default is `cleaner.pipeline.Cleaner.clean`; benchmarks and tests pass their own. It runs
# in a worker process, so it must pickle: a module-level function.
CleanFn = Callable[[RawDocument, Mapping[str, str]], Article]


@dataclass(frozen=True)
class Batching:
    """When the writer commits: every `size` documents or `max_seconds`, whichever first."""

    size: int = DEFAULT_BATCH_SIZE
    max_seconds: float = DEFAULT_BATCH_SECONDS


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """What ingest and reclean share."""

    db_path: str = DEFAULT_DB_PATH
    jobs: int = 1  # cleaning processes; one writer
    rule_files: tuple[str, ...] = ()
    time_limit: float = DEFAULT_TIME_LIMIT
    templates: TemplateConfig | None = None
    batching: Batching = field(default_factory=Batching)
    clean_fn: CleanFn | None = None

    def shared(self) -> dict[str, Any]:
        """The `RunOptions` fields, to build the other command's options from these."""
        return {f.name: getattr(self, f.name) for f in fields(RunOptions)}


@dataclass(frozen=True, kw_only=True)
class IngestOptions(RunOptions):
    paths: tuple[str, ...]
    reader: ReaderOptions = field(default_factory=ReaderOptions)
    fts_tokenizer: str | None = None
    dedup: DedupConfig | None = None  # None: the archive's stored threshold, else defaults
    argv: str = ""  # recorded with the run


@dataclass(frozen=True, kw_only=True)
class RecleanOptions(RunOptions):
    sites: tuple[str, ...] = ()  # only articles of these sites; empty: every article
    outdated_only: bool = False  # only articles that another cleaner or line model cleaned
