"""Bytes → str. (Stub: UTF-8 only; the HTML-path work extends this with BOM, declared
charset and charset-normalizer detection.)"""

from __future__ import annotations

from cleaner.errors import DecodeError


def decode_bytes(data: bytes) -> str:
    """Decode input bytes to text or raise DecodeError naming the reason."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not valid UTF-8 at byte {exc.start}") from exc
