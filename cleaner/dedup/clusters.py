"""Near-duplicate clusters as the archive records them: each canonical (first-seen) article
with the articles whose `duplicate_of` points at it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sqlite_utils


@dataclass(frozen=True)
class ClusterMember:
    article_id: str
    title: str | None
    site: str | None
    url: str | None
    similarity: float | None


@dataclass(frozen=True)
class Cluster:
    """A canonical article and its near duplicates, first seen first."""

    canonical: ClusterMember
    duplicates: tuple[ClusterMember, ...]


def clusters(db: sqlite_utils.Database, site: str | None = None) -> Iterator[Cluster]:
    """Every near-duplicate cluster in the archive, canonical articles in first-seen order."""
    where, params = ("AND c.site = ?", [site]) if site else ("", [])
    sql = f"""
        SELECT c.id AS cid, c.title AS ctitle, c.site AS csite, c.url AS curl,
               d.id AS did, d.title AS dtitle, d.site AS dsite, d.url AS durl, d.similarity AS sim
        FROM articles d JOIN articles c ON c.id = d.duplicate_of
        WHERE d.duplicate_of IS NOT NULL {where}
        ORDER BY c.first_seen, c.id, d.first_seen, d.id
    """
    current: ClusterMember | None = None
    members: list[ClusterMember] = []
    for row in db.query(sql, params):
        if current is None or current.article_id != row["cid"]:
            if current is not None:
                yield Cluster(current, tuple(members))
            current = ClusterMember(row["cid"], row["ctitle"], row["csite"], row["curl"], None)
            members = []
        members.append(
            ClusterMember(row["did"], row["dtitle"], row["dsite"], row["durl"], row["sim"])
        )
    if current is not None:
        yield Cluster(current, tuple(members))
