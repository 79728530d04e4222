"""A source root, a local folder or an http(s) URL, from which documents are read by relative path.

Links are resolved here, in one place, for both kinds of root: a link is taken relative to the
document that holds it, and a target outside the root is refused before anything is read.
"""

from __future__ import annotations

import posixpath
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.errors import InputError
from pipeline.sources import http

MAX_DOCUMENT_BYTES = 1_000_000  # a plan page is a few KB; anything near this is not a plan page
# pages fetched side by side by `prefetch`: over the network a plan's 55 pages, one after
# another, wait out 55 round trips; eight at a time, as a browser opens a site, about 7
PREFETCH_WORKERS = 8


@dataclass(frozen=True)
class SourceRoot:
    """Where a Markdown repository lives: `location` is a folder path or an http(s) URL.

    `record`, when given, receives every document read (root-relative path -> bytes): fetch
    uses it to snapshot exactly the pages the extractor follows.
    """

    location: str
    policy: http.Policy = http.Policy(max_bytes=MAX_DOCUMENT_BYTES)
    record: dict[str, bytes] | None = field(default=None, compare=False)
    # what `prefetch` brought: a page's bytes, or the error its read raised
    _fetched: dict[str, bytes | InputError] = field(default_factory=dict, compare=False, repr=False)
    _local: threading.local = field(default_factory=threading.local, compare=False, repr=False)

    def __post_init__(self):
        scheme = urlsplit(self.location).scheme
        if scheme not in ("", "http", "https") and len(scheme) > 1:  # C: is a drive, not a scheme
            raise InputError(
                self.location,
                None,
                "unsupported location scheme",
                f"{scheme}:// (only http and https URLs, or a folder)",
            )

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
        if self.is_remote and rel in self._fetched:
            data = self._fetched[rel]
            if isinstance(data, InputError):
                raise data
        elif self.is_remote:
            data = self._get(rel, where, line)
        else:
            data = self._read_file(rel, where, line)
        if self.record is not None:
            self.record[rel] = data
        return data

    def _read_file(self, rel: str, where: str, line: int | None) -> bytes:
        root = Path(self.location).resolve()
        if not root.is_dir():
            raise InputError(self.location, None, "source root not found", "no such folder")
        if "\x00" in rel:  # a percent-encoded NUL in a link: no file can have that name
            raise InputError(where, line, "link to a name no file can have", repr(rel))
        path = root / rel
        try:
            if not path.resolve().is_relative_to(root):  # a symlink pointing out of the root
                raise InputError(where, line, "link leaves the source root", repr(rel))
            if not path.is_file():
                raise InputError(where, line, "link to a missing file", rel)
            if path.stat().st_size > MAX_DOCUMENT_BYTES:
                raise InputError(rel, None, "file over the size cap", f"more than {MAX_DOCUMENT_BYTES} bytes")
            return path.read_bytes()
        except RuntimeError:  # Python's name for a loop of symbolic links
            raise InputError(where, line, "link to a loop of symbolic links", rel) from None
        except OSError as error:  # a name too long for the file system, a loop, a permission...
            raise InputError(where, line, "link to a file that cannot be read", f"{rel}: {error.strerror}") from None

    def prefetch(self, rels: list[str]) -> dict[str, bytes | None]:
        """Fetch the documents `rels` of a remote root side by side, PREFETCH_WORKERS at a time;
        `read` then takes them from here. Returns each one's bytes, or None where the server
        has no such page (404: for the reader to judge whether a page still links to it).
        A page that fails otherwise keeps its error, which `read` raises as it would have, and
        no page is asked for after it: a server that fails would otherwise be asked for every
        page, each as many times as the policy allows, before the refresh could say so."""
        failed = threading.Event()

        def one(rel: str) -> bytes | InputError | None:
            if failed.is_set():
                return None  # not fetched: the reader asks for it, if a page still links to it
            try:
                return self._get(rel, rel, None)
            except InputError as error:
                if error.rule == "link to a missing file":
                    return None
                failed.set()
                return error

        with ThreadPoolExecutor(PREFETCH_WORKERS) as pool:
            bodies = dict(zip(rels, pool.map(one, rels), strict=True))
        for rel, body in bodies.items():
            if body is not None:
                self._fetched[rel] = body
        return {rel: body if isinstance(body, bytes) else None for rel, body in bodies.items()}

    def _session(self):
        """One HTTP session per thread for every page of the root: its connection is kept open
        from page to page, where a session per page opened a connection (and, over https, a TLS
        handshake) for each of a plan's dozens of pages. Per thread, because a requests
        Session is not made to be shared between threads."""
        session = getattr(self._local, "session", None)
        if session is None:
            import requests  # by the root that goes out, as http.get does it

            session = self._local.session = requests.Session()
        return session

    def _get(self, rel: str, where: str, line: int | None) -> bytes:
        url = self.location.rstrip("/") + "/" + rel
        try:
            return http.get(url, policy=self.policy, session=self._session()).body
        except http.FetchError as error:
            if str(error).endswith("HTTP 404, not retried"):
                raise InputError(where, line, "link to a missing file", rel) from None
            if "over the size cap" in str(error):
                raise InputError(
                    rel, None, "file over the size cap", f"more than {self.policy.max_bytes} bytes"
                ) from None
            raise InputError(rel, None, "source not readable", str(error)) from None
