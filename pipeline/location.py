"""A source root, a local folder or an http(s) URL, from which documents are read by relative path.

Links are resolved here, in one place, for both kinds of root: a link is taken relative to the
document that holds it, and a target outside the root is refused before anything is read.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests

from pipeline.errors import InputError

MAX_DOCUMENT_BYTES = 1_000_000  # a plan page is a few KB; anything near this is not a plan page
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class SourceRoot:
    """Where a Markdown repository lives: `location` is a folder path or an http(s) URL."""

    location: str

    @property
    def is_remote(self) -> bool:
        return urlsplit(self.location).scheme in ("http", "https")

    def resolve(self, from_doc: str, href: str, line: int | None = None) -> str:
        """The root-relative path of `href`, a link found in the document `from_doc`."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("/"):
            raise InputError(from_doc, line, "link leaves the source root", f"absolute link {href!r}")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(from_doc), unquote(parts.path)))
        if target == ".." or target.startswith("../"):
            raise InputError(from_doc, line, "link leaves the source root", repr(href))
        return target

    def read(self, rel: str, *, referrer: str | None = None, line: int | None = None) -> bytes:
        """The bytes of the root-relative document `rel`, at most MAX_DOCUMENT_BYTES."""
        where = referrer or rel
        if self.is_remote:
            data = self._get(rel, where, line)
        else:
            root = Path(self.location).resolve()
            if not root.is_dir():
                raise InputError(self.location, None, "source root not found", "no such folder")
            path = root / rel
            if not path.resolve().is_relative_to(root):  # a symlink pointing out of the root
                raise InputError(where, line, "link leaves the source root", repr(rel))
            if not path.is_file():
                raise InputError(where, line, "link to a missing file", rel)
            if path.stat().st_size > MAX_DOCUMENT_BYTES:
                raise InputError(rel, None, "file over the size cap", f"more than {MAX_DOCUMENT_BYTES} bytes")
            data = path.read_bytes()
        return data

    def _get(self, rel: str, where: str, line: int | None) -> bytes:
        url = self.location.rstrip("/") + "/" + rel
        try:
            with requests.get(url, timeout=TIMEOUT_SECONDS, stream=True) as response:
                if response.status_code == 404:
                    raise InputError(where, line, "link to a missing file", rel)
                if response.status_code != 200:
                    raise InputError(rel, None, "source not readable", f"HTTP {response.status_code} from {url}")
                data = bytearray()
                for chunk in response.iter_content(65536):
                    data += chunk
                    if len(data) > MAX_DOCUMENT_BYTES:
                        raise InputError(rel, None, "file over the size cap", f"more than {MAX_DOCUMENT_BYTES} bytes")
                return bytes(data)
        except requests.RequestException as error:
            raise InputError(rel, None, "source not readable", f"{type(error).__name__} for {url}") from None
