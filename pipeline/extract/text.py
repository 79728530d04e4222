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
        start = bom + error.start  # an offset in the file, the BOM included
        line = data[:start].count(b"\n") + 1
        raise InputError(path, line, "file is not UTF-8", f"byte 0x{data[start]:02x} at offset {start}") from None


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
                    where = offset + error.start
                    line = lines + buffer[:error.start].count(b"\n") + 1
                    raise InputError(shown, line, "file is not UTF-8",
                                     f"byte 0x{buffer[error.start]:02x} at offset {where}") from None
                pending = buffer[error.start:]
            done = buffer[:len(buffer) - len(pending)]
            blank = blank and not done.strip()
            lines += done.count(b"\n")
            offset += len(done)
            if not data:
                break
    if blank:
        raise InputError(shown, None, "empty file", empty)
