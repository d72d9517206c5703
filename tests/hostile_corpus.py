"""A generated corpus of hostile inputs (issue 7.3) plus good files, for end-to-end tests.

`write_corpus(folder, secret_file)` writes every kind of bad input the nightly run must
survive — empty, binary, NUL bytes, bad encodings, a 50 MB line, deep nesting, entity bombs,
external entities, broken gzip and WARC, malformed JSONL lines, symlink loops, an unreadable
file, a FIFO, odd file names — next to good articles, and returns what should become of each:
stored (with a marker phrase that must reach the archive intact), reported (one line, an
optional reason pattern), empty (counted as empty, neither stored nor reported), or either of
stored and reported for inputs whose handling is another module's judgement (an undeclared
legacy encoding may be detected or refused, never stored garbled).

The articles themselves come from `article_corpus`. Also used by other tests: `write_warc`,
`permission_enforcing_prefix`.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import shutil
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from article_corpus import article_html, article_paragraphs, article_text
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MiB = 1024 * 1024
Outcome = Literal["stored", "error", "either", "empty"]


@dataclass(frozen=True)
class Expectation:
    """What should become of one input. `name` is relative to the corpus folder as a reader
    names it (`mixed.jsonl:3`, `good.warc.gz#2`, a newline shown as `\\n`)."""

    name: str
    outcome: Outcome
    marker: str | None = None  # must appear in a stored article's text ("stored"/"either")
    reason: str | None = None  # regex the one-line error reason must match ("error")


@dataclass
class Corpus:
    folder: Path
    secret_marker: str
    expectations: list[Expectation] = field(default_factory=list)

    def add(
        self, name: str, outcome: Outcome, marker: str | None = None, reason: str | None = None
    ) -> None:
        self.expectations.append(Expectation(name, outcome, marker, reason))

    def of(self, outcome: Outcome) -> list[Expectation]:
        return [e for e in self.expectations if e.outcome == outcome]


@dataclass(frozen=True)
class WarcRecord:
    url: str
    body: bytes
    record_type: str = "response"
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"


def write_warc(path: Path, records: Sequence[WarcRecord], compress: bool) -> bytes:
    """Write a WARC file with warcio and return its bytes."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for spec in records:
        if spec.record_type == "response":
            headers = StatusAndHeaders(
                spec.status, [("Content-Type", spec.content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                spec.url, "response", payload=io.BytesIO(spec.body), http_headers=headers
            )
        else:
            record = writer.create_warc_record(
                spec.url,
                spec.record_type,
                payload=io.BytesIO(spec.body),
                warc_content_type=spec.content_type,
            )
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def permission_enforcing_prefix() -> list[str] | None:
    """A command prefix under which file permissions apply: nothing for a normal user; for root,
    `setpriv` dropping the capabilities that bypass them; None when that is not possible."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def write_corpus(
    folder: Path,
    secret_file: Path,
    *,
    long_line_bytes: int = 50_000_000,
    bomb_bytes: int = 210 * MiB,
    unreadable: bool = True,
) -> Corpus:
    """Write the corpus into `folder` (created) and a secret outside it; return expectations.

    `unreadable`: also write a file with mode 000 (only meaningful when the reading process
    does not run with root's permission bypass; see `permission_enforcing_prefix`).
    """
    folder.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(folder, secret_marker="SECRET-7f3a9c-MUST-NOT-LEAK")
    secret_file.write_text(f"{corpus.secret_marker}\n")
    _good_files(corpus)
    _encodings(corpus)
    _odd_names(corpus)
    _empty_and_binary(corpus)
    _limits(corpus, long_line_bytes, bomb_bytes)
    _markup_attacks(corpus, secret_file)
    _broken_gzip(corpus)
    _records(corpus)
    _warcs(corpus)
    _links_and_special_files(corpus, secret_file, unreadable)
    (folder / "ignored-image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    return corpus


def _good_files(corpus: Corpus) -> None:
    folder = corpus.folder
    (folder / "good-article.txt").write_text(article_text(101, "Marker alpha lighthouse."))
    corpus.add("good-article.txt", "stored", "Marker alpha lighthouse.")
    (folder / "nested" / "deeper").mkdir(parents=True)
    (folder / "nested" / "deeper" / "good-article.html").write_text(
        article_html(102, "Marker bravo harbour.")
    )
    corpus.add("nested/deeper/good-article.html", "stored", "Marker bravo harbour.")
    (folder / "nested" / "good-article.html.gz").write_bytes(
        gzip.compress(article_html(103, "Marker charlie quay.").encode())
    )
    corpus.add("nested/good-article.html.gz", "stored", "Marker charlie quay.")
    (folder / "good-article.txt.gz").write_bytes(
        gzip.compress(article_text(104, "Marker delta jetty.").encode())
    )
    corpus.add("good-article.txt.gz", "stored", "Marker delta jetty.")


def _encodings(corpus: Corpus) -> None:
    folder = corpus.folder
    text = article_text(201, "Marker echo: le café à Noël, naïve façade.")
    (folder / "utf16-bom.txt").write_bytes(text.encode("utf-16"))
    corpus.add("utf16-bom.txt", "stored", "le café à Noël, naïve façade.")
    html = article_html(202, "Marker foxtrot: crème brûlée.", charset="utf-16")
    (folder / "utf16-bom.html").write_bytes(html.encode("utf-16"))
    corpus.add("utf16-bom.html", "stored", "crème brûlée.")
    latin = article_html(203, "Marker golf: à la gare de Noël, été.", charset="iso-8859-1")
    (folder / "latin1-declared.html").write_bytes(latin.encode("latin-1"))
    corpus.add("latin1-declared.html", "stored", "à la gare de Noël, été.")
    cp = article_html(204, "Marker hotel: “quoted” — costs €20.", charset="windows-1252")
    (folder / "cp1252-declared.html").write_bytes(cp.encode("cp1252"))
    corpus.add("cp1252-declared.html", "stored", "“quoted” — costs €20.")
    sjis = article_html(205, "Marker india: 東京の港で新しい桟橋が完成した。", charset="shift_jis")
    (folder / "shiftjis-declared.html").write_bytes(sjis.encode("shift_jis"))
    corpus.add("shiftjis-declared.html", "stored", "東京の港で新しい桟橋が完成した。")
    undeclared = [
        ("latin1-undeclared.txt", "latin-1", "Marker juliet: à la fête d'été, où ça?"),
        ("cp1252-undeclared.txt", "cp1252", "Marker kilo: “curly” quotes – €5."),
        ("shiftjis-undeclared.txt", "shift_jis", "Marker lima: 大阪の市場で魚の値段が上がった。"),
    ]
    for seed, (name, encoding, marker) in enumerate(undeclared, 206):
        (folder / name).write_bytes(article_text(seed, marker).encode(encoding))
        corpus.add(name, "either", marker.split(": ", 1)[1])
    # UTF-8 with a stray byte and a character cut in half at the end, as a careless scraper
    # leaves it.
    marker = "Marker mike: naïve café in Zürich, Malmö and São Paulo."
    broken = article_text(209, marker).encode().replace(b"Dispatch", b"Dis\xffpatch", 1)
    (folder / "invalid-utf8.txt").write_bytes(broken + "é".encode()[:1])
    corpus.add("invalid-utf8.txt", "either", "naïve café in Zürich, Malmö and São Paulo.")


def _odd_names(corpus: Corpus) -> None:
    folder = corpus.folder
    names = [
        ("with space.txt", "with space.txt", "Marker november spaces."),
        ("new\nline.txt", "new\\nline.txt", "Marker oscar newline."),
        ("-leading-dash.txt", "-leading-dash.txt", "Marker papa dash."),
    ]
    for seed, (name, shown, marker) in enumerate(names, 301):
        (folder / name).write_text(article_text(seed, marker))
        corpus.add(shown, "stored", marker)
    raw_name = os.fsdecode(b"not-utf8-\xe9\xff.txt")
    (folder / raw_name).write_text(article_text(304, "Marker quebec bytes."))
    corpus.add("not-utf8-\\xe9\\xff.txt", "stored", "Marker quebec bytes.")
    (folder / "empty\nnewline-name.txt").write_bytes(b"")
    corpus.add("empty\\nnewline-name.txt", "empty")


def _empty_and_binary(corpus: Corpus) -> None:
    folder = corpus.folder
    (folder / "empty.txt").write_bytes(b"")
    corpus.add("empty.txt", "empty")
    (folder / "whitespace-only.html").write_bytes(b" \n\t\r\n   \n")
    corpus.add("whitespace-only.html", "empty")
    rng = random.Random(7)
    (folder / "binary.html").write_bytes(
        b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4000))
    )
    corpus.add("binary.html", "error")
    text = article_text(401, "Marker romeo nul.").encode()
    with_nuls = bytearray()
    for index, byte in enumerate(text):
        with_nuls.append(byte)
        if index % 7 == 3:
            with_nuls.append(0)
    (folder / "nul-bytes.txt").write_bytes(bytes(with_nuls))
    corpus.add("nul-bytes.txt", "either")


def _limits(corpus: Corpus, long_line_bytes: int, bomb_bytes: int) -> None:
    folder = corpus.folder
    with (folder / "long-line.txt").open("wb") as out:
        out.write(b"A short first line.\n")
        block = b"word " * (MiB // 5)
        remaining = long_line_bytes
        while remaining > 0:
            out.write(block[:remaining])
            remaining -= len(block)
        out.write(b"\nlast line\n")
    corpus.add("long-line.txt", "error", reason=r"line 2 is longer than")
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MiB)
    parts = [compressor.compress(zeros) for _ in range(bomb_bytes // MiB)]
    parts.append(compressor.flush())
    (folder / "gzip-bomb.txt.gz").write_bytes(b"".join(parts))
    corpus.add("gzip-bomb.txt.gz", "error", reason=r"decompresses to more than")


def _markup_attacks(corpus: Corpus, secret_file: Path) -> None:
    folder = corpus.folder
    paragraphs = "".join(f"<p>{p}</p>" for p in article_paragraphs(501, "Marker sierra deep."))
    deep = "<div>" * 20_000 + paragraphs + "</div>" * 20_000
    (folder / "deep-nesting.html").write_text(f"<html><body>{deep}</body></html>")
    corpus.add("deep-nesting.html", "either")
    deep_json = "[" * 20_000 + "]" * 20_000
    (folder / "deep.json").write_text(f'{{"text": "Deep.", "meta": {deep_json}}}')
    corpus.add("deep.json", "error", reason="nested too deeply")
    entities = ['<!ENTITY lol "lol">']
    for level in range(1, 10):
        previous = "lol" if level == 1 else f"lol{level - 1}"
        entities.append(f'<!ENTITY lol{level} "{("&" + previous + ";") * 10}">')
    bomb_doctype = f"<!DOCTYPE html [\n{chr(10).join(entities)}\n]>"
    bomb = article_html(502, "Marker tango laughs. &lol9;", doctype=bomb_doctype)
    (folder / "entity-bomb.html").write_text(bomb)
    bomb = article_html(504, "Marker tango-two laughs. &lol9;", doctype=bomb_doctype)
    corpus.add("entity-bomb.html", "either")
    xml_bomb = '<?xml version="1.0"?>\n' + bomb.replace(
        "<html", '<html xmlns="http://www.w3.org/1999/xhtml"', 1
    )
    (folder / "entity-bomb.xhtml").write_text(xml_bomb)
    corpus.add("entity-bomb.xhtml", "either")
    xxe_doctype = f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
    xxe = article_html(503, "Marker uniform entity: &xxe;", doctype=xxe_doctype)
    (folder / "external-entity.html").write_text(xxe)
    corpus.add("external-entity.html", "either")
    xxe = article_html(505, "Marker uniform-two entity: &xxe;", doctype=xxe_doctype)
    (folder / "external-entity.xhtml").write_text('<?xml version="1.0"?>\n' + xxe)
    corpus.add("external-entity.xhtml", "either")


def _broken_gzip(corpus: Corpus) -> None:
    folder = corpus.folder
    packed = gzip.compress(article_html(601, "Marker victor truncated.").encode())
    (folder / "truncated.html.gz").write_bytes(packed[: len(packed) // 2])
    corpus.add("truncated.html.gz", "error", reason="truncated gzip")
    packed = bytearray(gzip.compress(article_text(602, "Marker whiskey corrupt.").encode()))
    for offset in range(20, len(packed) - 20, 9):
        packed[offset] ^= 0x5A
    (folder / "corrupt.txt.gz").write_bytes(bytes(packed))
    corpus.add("corrupt.txt.gz", "error", reason="gzip")
    (folder / "not-gzip.txt.gz").write_text(article_text(603, "Marker xray plain."))
    corpus.add("not-gzip.txt.gz", "error", reason="not gzip")


def _records(corpus: Corpus) -> None:
    folder = corpus.folder
    lines = [
        json.dumps(
            {
                "url": "https://news.example.com/jsonl/1",
                "text": article_text(701, "Marker yankee record."),
                "title": "Record one",
                "published": "2026-11-20",
                "fetched_at": "2026-11-21T03:00:00Z",
            }
        ),
        '{"url": "https://news.example.com/jsonl/broken", "text": "unterminated',
        json.dumps(
            {"url": "https://news.example.com/jsonl/3", "html": article_html(703, "Marker zulu.")}
        ),
        "[1, 2, 3]",
        json.dumps({"url": "https://news.example.com/jsonl/5", "title": "No body"}),
        "",
        json.dumps({"url": "https://news.example.com/jsonl/7", "text": 42}),
        json.dumps({"text": article_text(708, "Marker alpha-two record.")}),
        "{" * 20_000 + "}" * 20_000,
    ]
    (folder / "mixed.jsonl").write_text("\n".join(lines) + "\n")
    corpus.add("mixed.jsonl:1", "stored", "Marker yankee record.")
    corpus.add("mixed.jsonl:2", "error", reason="invalid JSON")
    corpus.add("mixed.jsonl:3", "stored", "Marker zulu.")
    corpus.add("mixed.jsonl:4", "error", reason="not an object")
    corpus.add("mixed.jsonl:5", "error", reason="none of the fields")
    corpus.add("mixed.jsonl:7", "error", reason="not a string")
    corpus.add("mixed.jsonl:8", "stored", "Marker alpha-two record.")
    corpus.add("mixed.jsonl:9", "error", reason="invalid JSON")
    record = {"url": "https://news.example.com/gz/1", "text": article_text(710, "Marker b2 gz.")}
    (folder / "records.jsonl.gz").write_bytes(gzip.compress(json.dumps(record).encode() + b"\n"))
    corpus.add("records.jsonl.gz:1", "stored", "Marker b2 gz.")


def _warcs(corpus: Corpus) -> None:
    folder = corpus.folder
    records = [
        WarcRecord(
            "https://warc.example.com/a",
            b"GET /a HTTP/1.1\r\n\r\n",
            "request",
            "application/http; msgtype=request",
        ),
        WarcRecord("https://warc.example.com/a", article_html(801, "Marker c3 warc.").encode()),
        WarcRecord("https://warc.example.com/logo.png", b"\x89PNG\r\n", content_type="image/png"),
        WarcRecord(
            "https://warc.example.com/gone", b"<html>Not found</html>", status="404 Not Found"
        ),
        WarcRecord("https://warc.example.com/b", article_html(805, "Marker d4 warc.").encode()),
    ]
    write_warc(folder / "good.warc.gz", records, compress=True)
    corpus.add("good.warc.gz#2", "stored", "Marker c3 warc.")
    corpus.add("good.warc.gz#5", "stored", "Marker d4 warc.")
    (folder / "bad.warc").write_bytes(b"This is not a WARC file at all\r\n\r\nJust words.\n")
    corpus.add("bad.warc", "error", reason="not a valid WARC")
    pair = [
        WarcRecord("https://warc.example.com/c", article_html(811, "Marker e5 warc.").encode()),
        WarcRecord("https://warc.example.com/d", article_html(812, "Marker f6 cut.").encode()),
    ]
    data = write_warc(folder / "truncated.warc.gz", pair, compress=True)
    (folder / "truncated.warc.gz").write_bytes(data[: len(data) - 300])
    corpus.add("truncated.warc.gz#1", "stored", "Marker e5 warc.")
    corpus.add("truncated.warc.gz#2", "error", reason="truncated")


def _links_and_special_files(corpus: Corpus, secret_file: Path, unreadable: bool) -> None:
    folder = corpus.folder
    loop = folder / "loop"
    loop.mkdir()
    (loop / "inside.txt").write_text(article_text(901, "Marker g7 inside loop folder."))
    corpus.add("loop/inside.txt", "stored", "Marker g7 inside loop folder.")
    (loop / "back-to-top").symlink_to("..")
    corpus.add("loop/back-to-top", "error", reason="symbolic link loop")
    (folder / "self-loop.txt").symlink_to("self-loop.txt")
    corpus.add("self-loop.txt", "error", reason="symbolic link loop")
    (folder / "dangling.txt").symlink_to("does-not-exist.txt")
    corpus.add("dangling.txt", "error", reason="broken symbolic link")
    (folder / "outside.txt").symlink_to(secret_file)
    corpus.add("outside.txt", "error", reason="outside")
    (folder / "alias-of-good.txt").symlink_to("good-article.txt")  # same file: read once
    os.mkfifo(folder / "pipe.txt")
    corpus.add("pipe.txt", "error", reason="not a regular file")
    if unreadable:
        locked = folder / "unreadable.txt"
        locked.write_text(article_text(902, "Marker h8 locked."))
        locked.chmod(0)
        corpus.add("unreadable.txt", "error", reason="permission denied")
