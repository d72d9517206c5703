"""Bytes → str: BOM, declared charset, detection; clear errors instead of mojibake."""

from __future__ import annotations

import codecs
import random

import pytest

from cleaner.decode import decode_bytes, looks_binary, sniff_declared_charset
from cleaner.errors import DecodeError

FRENCH = "À la gare de Noël, l'été dernier, où ça ? Les élèves étaient déjà partis."
GERMAN = "Die Bürger wählten am Sonntag über die Änderung der Straßenverkehrsordnung."
POLISH = "Zażółć gęślą jaźń: rząd przedstawił w środę nowy projekt ustawy o mediach."
RUSSIAN = "Правительство в среду представило новый законопроект о средствах массовой информации."
JAPANESE = "東京の港で新しい桟橋が完成した。市長は式典で地域経済への効果を強調した。"


def page(body: str, charset: str | None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>"
    )


def test_empty_input_is_empty_text() -> None:
    assert decode_bytes(b"") == ""


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_decides_and_is_dropped(bom: bytes, encoding: str) -> None:
    # The BOM wins over a contradicting declaration.
    text = page(FRENCH, "iso-8859-1")
    assert decode_bytes(bom + text.encode(encoding)) == text


def test_bom_with_invalid_content_is_an_error() -> None:
    with pytest.raises(DecodeError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + b"caf\xe9 au lait")


@pytest.mark.parametrize(
    ("charset", "text"),
    [
        ("iso-8859-1", FRENCH),
        ("windows-1252", "“Curly quotes” – and €20 – " + FRENCH),
        ("iso-8859-2", POLISH),
        ("windows-1251", RUSSIAN),
        ("koi8-r", RUSSIAN),
        ("shift_jis", JAPANESE),
        ("euc-jp", JAPANESE),
    ],
)
def test_declared_charset_is_used(charset: str, text: str) -> None:
    html = page(text, charset)
    assert decode_bytes(html.encode(charset)) == html


def test_http_equiv_content_type_is_read() -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        f"</head><body><p>{RUSSIAN}</p></body></html>"
    )
    assert decode_bytes(html.encode("cp1251")) == html


def test_xml_declaration_is_read() -> None:
    html = f'<?xml version="1.0" encoding="ISO-8859-2"?><html><body><p>{POLISH}</p></body></html>'
    assert decode_bytes(html.encode("iso-8859-2")) == html


def test_latin1_label_means_windows_1252_as_in_browsers() -> None:
    html = page("Prices rose – by €5 – “sharply”.", "ISO-8859-1")
    assert decode_bytes(html.encode("cp1252")) == html


def test_utf8_page_mislabelled_as_latin1_is_not_mojibake() -> None:
    html = page(GERMAN, "iso-8859-1")
    assert decode_bytes(html.encode("utf-8")) == html


def test_undeclared_legacy_text_is_detected() -> None:
    text = (GERMAN + " " + FRENCH + "\n") * 5
    assert decode_bytes(text.encode("cp1252")) == text


def test_undeclared_utf8_is_utf8() -> None:
    text = JAPANESE + "\n" + RUSSIAN
    assert decode_bytes(text.encode("utf-8")) == text


def test_bomless_utf16_is_recognised() -> None:
    text = "Plain text article. " * 20
    assert decode_bytes(text.encode("utf-16-le")) == text


def test_mostly_utf8_with_stray_latin1_bytes_keeps_the_utf8_letters() -> None:
    body = (GERMAN + " ") * 10
    data = page(body, None).encode("utf-8").replace(b"</p>", b" Login f\xfcr Vote</p>")
    text = decode_bytes(data)
    assert GERMAN in text
    assert "Login für Vote" in text


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        b"\x1f\x8b\x08\x00" + b"\x00" * 100,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        random.Random(3).randbytes(5000),
        b"text\x00with\x00many\x00nul\x00bytes\x00" * 50,
    ],
    ids=["png", "gzip", "pdf", "random", "nul-heavy"],
)
def test_binary_input_is_refused_clearly(data: bytes) -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(data)
    assert looks_binary(data)


def test_text_with_tabs_and_newlines_is_not_binary() -> None:
    assert not looks_binary(b"a\tb\r\nc\fd\n" * 100)


def test_sniffer_ignores_unknown_and_absent_declarations() -> None:
    assert sniff_declared_charset(page("x", "no-such-charset").encode()) is None
    assert sniff_declared_charset(page("x", None).encode()) is None
    assert sniff_declared_charset(b"<meta charset=UTF-8>") == "utf-8"
    assert sniff_declared_charset(b"<META CHARSET='Shift_JIS'>") == "cp932"


def test_sniffer_is_linear_on_hostile_heads() -> None:
    # Unterminated <meta runs must not backtrack: bounded patterns return at once.
    data = b"<meta " * 5000 + b"charset" * 5000
    assert sniff_declared_charset(data) is None
