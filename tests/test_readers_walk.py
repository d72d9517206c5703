"""`cleaner.readers.walk`: folder order, names picked up, deep trees, symbolic links and loops."""

from __future__ import annotations

import os
from pathlib import Path

from readers_support import docs, errors, only_error, read


def test_folders_walked_recursively_in_byte_order(tmp_path: Path) -> None:
    for rel in ["b/z.txt", "b/a.txt", "a.txt", "B.txt", "c/d/e/deep.txt", "b/sub/x.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel)
    found = [os.path.relpath(d.source, tmp_path) for d in docs(read([tmp_path]))]
    assert found == ["B.txt", "a.txt", "b/a.txt", "b/sub/x.txt", "b/z.txt", "c/d/e/deep.txt"]


def test_unrecognised_names_skipped_in_folders_but_read_when_named(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "README").write_text("Named explicitly.\n")
    (tmp_path / "keep.txt").write_text("Kept.\n")
    assert [Path(d.source).name for d in docs(read([tmp_path]))] == ["keep.txt"]
    named = docs(read([tmp_path / "README"]))
    assert [(d.data, d.kind_hint) for d in named] == [(b"Named explicitly.\n", None)]


def test_extensions_option_limits_the_walk(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text\n")
    (tmp_path / "b.html").write_text("<p>html</p>")
    (tmp_path / "c.md").write_text("markdown\n")
    found = docs(read([tmp_path], extensions=(".html", ".md")))
    assert [Path(d.source).name for d in found] == ["b.html", "c.md"]


def test_deep_folder_tree_is_not_a_recursion(tmp_path: Path) -> None:
    # Deeper than Python's recursion limit; built and removed level by level for the same reason.
    folders = [str(tmp_path / "d")]
    for _ in range(1200):
        os.mkdir(folders[-1])
        folders.append(os.path.join(folders[-1], "d"))
    bottom = Path(folders[-2], "bottom.txt")
    bottom.write_text("At the bottom.\n")
    try:
        assert [d.data for d in docs(read([tmp_path]))] == [b"At the bottom.\n"]
    finally:
        bottom.unlink()
        for folder in reversed(folders[:-1]):
            os.rmdir(folder)


def test_symlink_loop_to_parent_is_reported_and_the_walk_finishes(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("inside\n")
    (tmp_path / "sub" / "up").symlink_to("..")
    (tmp_path / "sub" / "self").symlink_to("self")
    items = read([tmp_path])
    assert [d.data for d in docs(items)] == [b"inside\n"]
    assert [(os.path.relpath(e.source, tmp_path), e.reason) for e in errors(items)] == [
        ("sub/self", "symbolic link loop"),
        ("sub/up", "symbolic link loop: leads back to a parent folder"),
    ]


def test_links_inside_the_tree_do_not_double_read(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("once\n")
    (tmp_path / "alias-dir").symlink_to("real")
    (tmp_path / "alias.txt").symlink_to("real/a.txt")
    items = read([tmp_path])
    assert errors(items) == []
    assert [os.path.relpath(d.source, tmp_path) for d in docs(items)] == ["real/a.txt"]


def test_links_leaving_the_tree_are_reported_unless_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.txt").write_text("from outside\n")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "to-dir").symlink_to(outside)
    (inbox / "to-file.txt").symlink_to(outside / "o.txt")
    (inbox / "to-image.png").symlink_to(outside / "o.txt")  # unrecognised name: passed over
    items = read([inbox])
    assert docs(items) == []
    assert [(Path(e.source).name, e.reason) for e in errors(items)] == [
        ("to-dir", "symbolic link leads outside the folder (not followed)"),
        ("to-file.txt", "symbolic link leads outside the folder (not followed)"),
    ]
    followed = read([inbox], follow_symlinks=True)
    assert errors(followed) == []
    assert [os.path.relpath(d.source, inbox) for d in docs(followed)] == ["to-dir/o.txt"]


def test_followed_links_still_detect_loops(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "to-b").symlink_to(b)
    (b / "to-a").symlink_to(a)
    (b / "x.txt").write_text("x\n")
    items = read([a], follow_symlinks=True)
    assert [os.path.relpath(d.source, a) for d in docs(items)] == ["to-b/x.txt"]
    assert [os.path.relpath(e.source, a) for e in errors(items)] == ["to-b/to-a"]
    assert "loop" in errors(items)[0].reason


def test_dangling_link_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to("nowhere.txt")
    assert only_error(read([tmp_path])).reason == "broken symbolic link (its target does not exist)"
    assert only_error(read([tmp_path / "nope.txt"])).reason == "no such file or directory"
