"""Bytes → str: byte-order mark, then the declared charset, then detection.

Decoding is always strict: bytes that do not decode cleanly under any candidate raise
`DecodeError` with the reason, never a string full of replacement characters or mojibake.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from charset_normalizer import from_bytes

from cleaner.errors import DecodeError

# Longest BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# How far into the document a charset declaration is looked for (WHATWG uses 1024 bytes;
# real pages often put a long <head> before it).
_SNIFF_BYTES = 8192
# Bounded repetitions keep the sniffer linear on hostile input.
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]{0,512}?\bcharset\s*=\s*["']?\s*([A-Za-z0-9][A-Za-z0-9_:.+-]{0,40})""",
    re.IGNORECASE,
)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml\b[^>]{0,200}?\bencoding\s*=\s*["']([A-Za-z0-9][A-Za-z0-9_:.+-]{0,40})""",
    re.IGNORECASE,
)

# Labels browsers decode differently from Python's codec of the same name (WHATWG Encoding):
# latin-1 is really windows-1252, a <meta> claiming UTF-16 on a BOM-less page means UTF-8 ...
_WHATWG_ALIASES = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}
# Labels seen on the web that Python's codec registry does not know.
_EXTRA_LABELS = {"x-sjis": "shift_jis", "windows-874": "cp874", "x-gbk": "gbk"}

# Magic numbers of binary formats that sometimes land where text is expected.
_BINARY_MAGIC = (
    b"\x1f\x8b",  # gzip
    b"PK\x03\x04",  # zip, docx, epub
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"\x7fELF",
)
_BINARY_SAMPLE = 8192
# Share of NUL / C0 control bytes (outside tab, newline, CR, form feed) above which it is binary.
_MAX_CONTROL_SHARE = 0.01
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
# Multi-byte encodings charset-normalizer may report (its names).
_MULTIBYTE_DETECTED = frozenset(
    {"cp932", "cp949", "cp950", "gb18030", "gb2312", "big5", "big5hkscs", "euc_jp", "euc_kr",
     "shift_jis", "iso2022_jp", "iso2022_kr", "johab", "hz", "utf_8", "utf_16", "utf_32"}
)  # fmt: skip
# How much more "chaos" (charset-normalizer's mess score) windows-1252 may show than the best
# single-byte guess and still go first: French and German text measured 0.03 behind cp1257.
_CP1252_SLACK = 0.05
# charset-normalizer is slow on big inputs: detect on the head and tail only.
_DETECT_SAMPLE = 32768


def decode_bytes(data: bytes) -> str:
    """Decode input bytes to text or raise DecodeError naming the reason."""
    if not data:
        return ""
    bom_text = _decode_with_bom(data)
    if bom_text is not None:
        return bom_text
    utf16_text = _decode_bomless_utf16(data)
    if utf16_text is not None:
        return utf16_text
    if looks_binary(data):
        raise DecodeError("looks binary (NUL or control bytes, or a binary file signature)")
    declared = sniff_declared_charset(data)
    if declared is not None:
        text = _decode_declared(data, declared)
        if text is not None:
            return text
    return _decode_detected(data)


def looks_binary(data: bytes) -> bool:
    """True for input that is clearly not text in an ASCII-compatible encoding."""
    if data.startswith(_BINARY_MAGIC):
        return True
    sample = data[:_BINARY_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(1, len(sample) * _MAX_CONTROL_SHARE)


def sniff_declared_charset(data: bytes) -> str | None:
    """The Python codec name of the charset the document declares (<meta charset>,
    http-equiv Content-Type, XML declaration), or None if it declares none we know."""
    head = data[:_SNIFF_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return _codec_name(match.group(1).decode("ascii"))


def _codec_name(label: str) -> str | None:
    label = _EXTRA_LABELS.get(label.strip().lower(), label.strip().lower())
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _WHATWG_ALIASES.get(name, name)


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"at byte {exc.start + len(bom)}"
                ) from exc
    return None


def _decode_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte of Latin-script text is NUL."""
    sample = data[:_BINARY_SAMPLE] if len(data) % 2 == 0 else b""
    if len(sample) < 4:
        return None
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.8 * half and even_nuls == 0:
        encoding = "utf-16-le"
    elif even_nuls > 0.8 * half and odd_nuls == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _mostly_printable(text) else None


def _mostly_printable(text: str) -> bool:
    sample = text[:_BINARY_SAMPLE]
    printable = sum(1 for ch in sample if ch.isprintable() or ch in "\t\n\r\f")
    return printable >= 0.99 * len(sample)


def _decode_declared(data: bytes, encoding: str) -> str | None:
    """Decode with the declared charset; None when the declaration is evidently wrong."""
    if encoding != "utf-8" and not data.isascii():
        # A page labelled with a legacy charset but valid UTF-8 with non-ASCII bytes is
        # mislabelled (common); legacy text is practically never valid UTF-8 by accident.
        utf8_text = _strict(data, "utf-8")
        if utf8_text is not None:
            return utf8_text
    return _strict(data, encoding)


def _decode_detected(data: bytes) -> str:
    utf8_text = _strict(data, "utf-8")
    if utf8_text is not None:
        return utf8_text
    mixed_text = _mostly_utf8(data)
    if mixed_text is not None:
        return mixed_text
    sample = data
    if len(data) > _DETECT_SAMPLE:
        half = _DETECT_SAMPLE // 2
        sample = data[:half] + data[-half:]
    for match in _preferring_cp1252(list(from_bytes(sample))):
        encoding = _codec_name(match.encoding) or match.encoding
        text = _strict(data, encoding)
        if text is not None and _mostly_printable(text):
            return text
    raise DecodeError("cannot determine the character encoding (no BOM, no valid declared charset)")


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes (a Latin-1 word in a template, a character cut in half) must
    not go to detection, which would pick some code page and turn every correct accented
    letter into mojibake. Decoded as UTF-8; each bad byte becomes the Latin-1 letter it
    evidently is (a letter byte before ASCII, as in "f\xfcr") or U+FFFD."""
    text = data.decode("utf-8", _MIXED_ERRORS)
    bad = text.count("\ufffd") + _latin1_repairs(data)
    valid_non_ascii = len(text) - len(text.encode("ascii", "ignore")) - bad
    return text if bad and valid_non_ascii >= bad else None


def _latin1_repairs(data: bytes) -> int:
    return len(_LATIN1_LETTER_BEFORE_ASCII.findall(data)) if not data.isascii() else 0


def _mixed_utf8_errors(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    data, start = error.object, error.start
    byte = data[start]
    following = data[start + 1] if start + 1 < len(data) else None
    if following is not None and following < 0x80 and _is_latin1_letter(byte):
        return bytes([byte]).decode("cp1252"), start + 1
    return "\ufffd", start + 1


def _is_latin1_letter(byte: int) -> bool:
    return 0xC0 <= byte <= 0xFE and byte not in (0xD7, 0xF7)


# In valid UTF-8 a lead byte is never followed by ASCII: these are the Latin-1 letters.
_LATIN1_LETTER_BEFORE_ASCII = re.compile(rb"[\xc0-\xd6\xd8-\xf6\xf8-\xfe](?=[\x00-\x7f])")
# A registered error handler keeps the mixed decode one linear pass.
_MIXED_ERRORS = "cleaner.utf8-latin1-fallback"
codecs.register_error(_MIXED_ERRORS, _mixed_utf8_errors)


def _preferring_cp1252(matches: list[Any]) -> list[Any]:
    """charset-normalizer ranks single-byte code pages almost at random on short Western
    text (cp775 before cp1252 for French); windows-1252, the web's default for undeclared
    legacy text, goes first when it is about as clean as the best single-byte guess."""
    if not matches or matches[0].encoding in _MULTIBYTE_DETECTED:
        return matches
    best_chaos = matches[0].chaos
    for match in matches:
        if _codec_name(match.encoding) == "cp1252" and match.chaos <= best_chaos + _CP1252_SLACK:
            return [match, *(m for m in matches if m is not match)]
    return matches


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
