"""Folder walking and the link policy: which files under a folder are read, in what order.

Depth-first, names in byte order, with an explicit stack (a deep tree is not a recursion).
Symbolic links that stay inside the tree are walked under their target's own name (so nothing
is read twice); links that leave it are reported unless `follow_symlinks` is set; a link back
to a parent folder is a loop and reported as one. The walk yields the files to read, with their
`stat`, and a `ReadError` for what cannot be walked; it never opens a file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field

from cleaner.readers.messages import ReadError, display_path, os_reason, stat_reason
from cleaner.readers.options import ReaderOptions

FileId = tuple[int, int]  # (st_dev, st_ino): the same file or folder under any name


@dataclass(frozen=True)
class FoundFile:
    """A file the walk picked up (not necessarily a regular one: the file reader checks)."""

    path: str
    st: os.stat_result
    linked: bool = False  # reached through a followed symbolic link, not under its own name


def file_id(st: os.stat_result) -> FileId:
    return (st.st_dev, st.st_ino)


@dataclass
class FolderWalk:
    """The walks of one `iter_documents` call: the options plus the folders entered so far."""

    options: ReaderOptions
    seen_dirs: set[FileId] = field(default_factory=set)

    def entered(self, folder: FileId) -> bool:
        """Whether a walk entered this folder: every file in it is (or will be) walked."""
        return folder in self.seen_dirs

    def walk(self, root: str, root_st: os.stat_result) -> Iterator[FoundFile | ReadError]:
        root_real = os.path.realpath(root)
        root_id = file_id(root_st)
        if self.entered(root_id):
            return  # walked already, as part of an earlier argument or through a link
        self.seen_dirs.add(root_id)
        listing = _list(root)
        if isinstance(listing, ReadError):
            yield listing
            return
        stack: list[tuple[FileId, Iterator[os.DirEntry[str]]]] = [(root_id, iter(listing))]
        while stack:
            entry = next(stack[-1][1], None)
            if entry is None:
                stack.pop()
                continue
            ancestors = [dir_id for dir_id, _ in stack]
            outcome = self._visit(entry, root_real, ancestors)
            if isinstance(outcome, tuple):
                sub_listing = _list(entry.path)
                if isinstance(sub_listing, ReadError):
                    yield sub_listing
                else:
                    stack.append((outcome, iter(sub_listing)))
            elif outcome is not None:
                yield outcome

    def _visit(
        self, entry: os.DirEntry[str], root_real: str, ancestors: list[FileId]
    ) -> FileId | FoundFile | ReadError | None:
        """A folder id to descend into, a file to read, an error, or None to pass over."""
        source = display_path(entry.path)
        is_link = entry.is_symlink()
        try:
            st = os.stat(entry.path)
        except OSError as exc:
            return ReadError(source, stat_reason(entry.path, exc)) if is_link else None
        is_dir = stat.S_ISDIR(st.st_mode)
        if is_link:
            target = os.path.realpath(entry.path)
            if os.path.commonpath([root_real, target]) == root_real:
                # Inside the tree: the target is walked under its own name (a link back to a
                # parent folder is a loop and reported as one).
                if is_dir and file_id(st) in ancestors:
                    return self._folder_to_enter(source, st, ancestors)
                return None
            if not self.options.follow_symlinks:
                if not is_dir and not self.options.picks_up(entry.name):
                    return None
                return ReadError(source, "symbolic link leads outside the folder (not followed)")
        if is_dir:
            return self._folder_to_enter(source, st, ancestors)
        if not self.options.picks_up(entry.name):
            return None
        return FoundFile(entry.path, st, linked=is_link)

    def _folder_to_enter(
        self, source: str, st: os.stat_result, ancestors: list[FileId]
    ) -> FileId | ReadError | None:
        dir_id = file_id(st)
        if dir_id in ancestors:
            return ReadError(source, "symbolic link loop: leads back to a parent folder")
        if dir_id in self.seen_dirs:
            return None  # reached again through a link: already walked
        self.seen_dirs.add(dir_id)
        return dir_id


def _list(folder: str) -> list[os.DirEntry[str]] | ReadError:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda e: os.fsencode(e.name))
    except OSError as exc:
        return ReadError(display_path(folder), f"cannot list folder: {os_reason(exc)}")
