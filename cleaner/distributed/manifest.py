"""A job's identity, kept beside its shards as `_job.json`: the shards it writes, the rule packs
(copied into the folder's `_rules/`), time limit, reader limits, signature settings and the site
templates the archive had learned. Workers load it once per process (keyed by its digest);
a rerun with the same inputs and settings finds the same manifest and resumes, one with other
inputs or settings is refused rather than mixed with the old shards; the merge takes the rule
packs from it and checks that every shard is there.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import cleaner
from cleaner.archive import open_archive
from cleaner.dedup.index import configured, read_layout
from cleaner.dedup.minhash import DedupConfig, Layout
from cleaner.errors import CleanerError
from cleaner.readers import ReaderOptions
from cleaner.templates import SiteTemplates

# "_": Parquet readers (pyarrow.dataset, dask.dataframe) pass such names over in a folder
MANIFEST_NAME = "_job.json"
RULES_FOLDER = "_rules"
FORMAT = 1

SiteLines = Mapping[str, Mapping[str, str]]  # site key → normalised template line → evidence


@dataclass(frozen=True)
class JobRef:
    """What a task needs to find its job: the shard folder, the manifest's digest, and the
    folder the driver ran in (input paths are read relative to it, as `ingest` reads them)."""

    folder: str
    digest: str
    cwd: str


@dataclass(frozen=True)
class JobManifest:
    shards: tuple[str, ...]
    rule_files: tuple[str, ...] = ()  # relative to the shard folder
    time_limit: float = 20.0
    reader: ReaderOptions = dataclasses.field(default_factory=ReaderOptions)
    dedup: DedupConfig = dataclasses.field(default_factory=DedupConfig)
    layout: Layout | None = None  # the archive's LSH bands; None: the optimal ones for `dedup`
    templates: SiteLines = dataclasses.field(default_factory=dict)
    cleaner_version: str = cleaner.__version__

    def to_json(self) -> str:
        data = dataclasses.asdict(self)
        data["format"] = FORMAT
        return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str, source: Path) -> JobManifest:
        try:
            data = json.loads(text)
            if data.pop("format", None) != FORMAT:
                raise ValueError(f"not format {FORMAT}")
            reader = data.pop("reader")
            reader["extensions"] = tuple(reader["extensions"])
            layout = data.pop("layout")
            return cls(
                shards=tuple(data.pop("shards")),
                rule_files=tuple(data.pop("rule_files")),
                reader=ReaderOptions(**reader),
                dedup=DedupConfig(**data.pop("dedup")),
                layout=Layout(**layout) if layout else None,
                **data,
            )
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise CleanerError(f"{source}: not a cleaner job manifest ({exc})") from exc

    def rule_paths(self, folder: Path) -> tuple[str, ...]:
        return tuple(str(folder / name) for name in self.rule_files)


def manifest_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def read_manifest(folder: Path) -> tuple[JobManifest, str] | None:
    """The folder's manifest and its digest, or None when the folder holds none."""
    path = folder / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CleanerError(f"{path}: cannot read: {exc.strerror}") from exc
    return JobManifest.from_json(text, path), manifest_digest(text)


def copy_rules(rule_files: Sequence[str], folder: Path) -> tuple[str, ...]:
    """Copy the extra rule packs into the job folder, where every worker reads them. A copy is
    named by its content, so an edited pack makes another job and never overwrites a copy."""
    names = []
    for index, path in enumerate(rule_files):
        data = Path(path).read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:12]
        name = f"{RULES_FOLDER}/{index:02d}-{digest}-{Path(path).name}"
        target = folder / name
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            temp = target.with_name(f".{target.name}.tmp")
            temp.write_bytes(data)
            os.replace(temp, target)
        names.append(name)
    return tuple(names)


def write_manifest(folder: Path, manifest: JobManifest) -> str:
    """Store the manifest (atomically) or find the same one there; returns its digest."""
    text = manifest.to_json()
    found = read_manifest(folder)
    if found is not None:
        if found[0] != manifest:
            raise CleanerError(
                f"{folder} holds the shards of another job ({_differences(found[0], manifest)} "
                "differ): give another --out, or remove the folder"
            )
        return found[1]
    temp = folder / f".{MANIFEST_NAME}.tmp"
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, folder / MANIFEST_NAME)
    return manifest_digest(text)


def _differences(old: JobManifest, new: JobManifest) -> str:
    names = [f.name for f in dataclasses.fields(JobManifest)]
    changed = [name for name in names if getattr(old, name) != getattr(new, name)]
    return ", ".join(changed).replace("shards", "inputs")


@dataclass(frozen=True)
class ArchiveSettings:
    """What the workers take from an existing archive to clean as an `ingest` into it would:
    its signature settings, LSH bands and learned site templates."""

    dedup: DedupConfig = dataclasses.field(default_factory=DedupConfig)
    layout: Layout | None = None
    templates: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)


def archive_settings(db_path: str | None) -> ArchiveSettings:
    """The settings of the archive at `db_path`; the defaults without one."""
    if db_path is None:
        return ArchiveSettings()
    with open_archive(db_path, create=False) as archive:
        templates = SiteTemplates(archive.db)
        sites = [row[0] for row in archive.conn.execute("SELECT DISTINCT site FROM site_templates")]
        lines = {site: dict(templates.mapping_for(site)) for site in sites}
        return ArchiveSettings(configured(archive.db, None), read_layout(archive.db), lines)
