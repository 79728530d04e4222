"""Bytes to text, by the rules every source file follows: not empty, UTF-8 (a leading BOM is
dropped), and a byte that is not UTF-8 named with its line and offset."""

from __future__ import annotations

from pipeline.errors import InputError


def decode(data: bytes, path: str, empty: str) -> str:
    """The text of `data`; `empty` says, in the error, what an empty file lacks."""
    if not data.strip():
        raise InputError(path, None, "empty file", empty)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, line, "file is not UTF-8", f"byte 0x{data[error.start]:02x} at offset {error.start}") from None
