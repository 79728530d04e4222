"""Bytes to text, by the rules every source file follows: not empty, UTF-8 (a leading BOM is
dropped), and a byte that is not UTF-8 named with its line and offset."""

from __future__ import annotations

import codecs
from pathlib import Path

from pipeline.errors import InputError


def decode(data: bytes, path: str, empty: str) -> str:
    """The text of `data`; `empty` says, in the error, what an empty file lacks."""
    if not data.strip():
        raise InputError(path, None, "empty file", empty)
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        raise _not_utf8(path, data, bom + error.start) from None  # an offset in the file, the BOM included


def decode_page(data: bytes, path: str) -> str:
    """The text of a Markdown page, or an InputError saying why it is not a text page; CRLF
    and CR line ends become LF."""
    if data.strip() and b"\x00" in data:
        raise InputError(path, None, "not a text file", "the page contains NUL bytes")
    return decode(data, path, "the page has no content").replace("\r\n", "\n").replace("\r", "\n")


def clean(text: str) -> str:
    """One-line value: no-break spaces as spaces, runs of whitespace collapsed."""
    return " ".join(text.replace("\u00a0", " ").split())


def check_file(path: Path, shown: str, empty: str, chunk: int = 1 << 22) -> None:
    """The rules of `decode` for a file read in chunks, so that a file of any size is checked
    in little memory; the same errors."""
    pending, offset, lines, blank = b"", 0, 0, True
    with open(path, "rb") as handle:
        while True:
            data = handle.read(chunk)
            buffer = pending + data
            try:
                buffer.decode("utf-8")
                pending = b""
            except UnicodeDecodeError as error:
                if not (data and error.end == len(buffer)):  # not a character cut by the chunk's end
                    raise _not_utf8(shown, buffer, error.start, offset, lines) from None
                pending = buffer[error.start :]
            done = buffer[: len(buffer) - len(pending)]
            blank = blank and not done.strip()
            lines += done.count(b"\n")
            offset += len(done)
            if not data:
                break
    if blank:
        raise InputError(shown, None, "empty file", empty)


def _not_utf8(path: str, data: bytes, start: int, offset: int = 0, lines: int = 0) -> InputError:
    """The error for the byte at `start` of `data`, which begins at `offset` of the file,
    after `lines` line ends."""
    line = lines + data[:start].count(b"\n") + 1
    return InputError(path, line, "file is not UTF-8", f"byte 0x{data[start]:02x} at offset {offset + start}")
