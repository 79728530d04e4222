"""A small client for the udata API of data.gouv.fr (or its demo site): the calls upload needs.

The API key travels only in the X-API-KEY header, on every request (udata answers 404 to any
request on a private dataset without it, GETs included): it is never in a URL, a message or a
file, never follows a redirect to another site, and never travels in clear (https, except to
this machine).
Idempotent calls (GET, PUT, replacing a resource's file) are retried by the project's one policy
(pipeline/retrying.py: 429, 5xx, timeouts, Retry-After); creating a resource is not, so that a
retry can never make a duplicate.
Each failure is one UdataError line naming the call and what the portal said.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pipeline import retrying
from pipeline.errors import PipelineError


class UdataError(PipelineError):
    """The portal refused or failed a call."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class ReadOnly(UdataError):
    """HTTP 423: the portal is in read-only mode; nothing more may be sent."""


LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MEANINGS = {
    401: "the portal refused the API key (check DATAGOUV_API_KEY for this portal: a demo key is not a production key)",
    403: "the API key may not edit this dataset (its owner must be you or your organisation)",
    404: "not found on the portal (check the dataset and resource ids in the configuration)",
    413: "the file is too large for the portal",
    415: "the portal refused this type of file",
    423: "the portal is in read-only mode; stopped, nothing more was sent",
}


@dataclass
class Client:
    base: str  # https://www.data.gouv.fr or https://demo.data.gouv.fr
    api_key: str | None
    timeout: float = 30.0
    upload_timeout: float = 300.0
    attempts: int = 4
    backoff: float = 2.0
    max_wait: float = 120.0

    def __post_init__(self):
        parts = urlsplit(self.base)
        if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOOPBACK):
            raise UdataError(f"{self.base}: the portal must be https: the API key would travel in clear")
        self.origin = (parts.scheme, parts.netloc)
        import requests  # by the client that goes out, as retrying does it

        self.session = requests.Session()

    def url(self, path: str) -> str:
        return f"{self.base.rstrip('/')}/api/1/{path.lstrip('/')}"

    def dataset(self, dataset_id: str) -> dict:
        return self._call("GET", f"datasets/{dataset_id}/", f"dataset {dataset_id}")

    def extensions(self) -> list[str]:
        return self._call("GET", "datasets/extensions/", "allowed extensions")

    def update_dataset(self, dataset_id: str, fields: dict) -> dict:
        return self._call("PUT", f"datasets/{dataset_id}/", f"dataset {dataset_id}", json=fields, write=True)

    def create_resource(self, dataset_id: str, path: Path) -> dict:
        return self._call("POST", f"datasets/{dataset_id}/upload/", path.name, file=path, write=True, retry=False)

    def replace_file(self, dataset_id: str, resource_id: str, path: Path) -> dict:
        return self._call(
            "POST", f"datasets/{dataset_id}/resources/{resource_id}/upload/", path.name, file=path, write=True
        )

    def reorder_resources(self, dataset_id: str, resource_ids: list[str]) -> list:
        """Put the dataset's resources in this order; udata wants every one of them
        (udata/core/dataset/api.py:576-603)."""
        body = [{"id": rid} for rid in resource_ids]
        return self._call("PUT", f"datasets/{dataset_id}/resources/", "order of resources", json=body, write=True)

    def update_resource(self, dataset_id: str, resource_id: str, fields: dict) -> dict:
        return self._call(
            "PUT", f"datasets/{dataset_id}/resources/{resource_id}/", f"resource {resource_id}", json=fields, write=True
        )

    def _call(
        self,
        method: str,
        path: str,
        what: str,
        *,
        json=None,
        file: Path | None = None,
        write: bool = False,
        retry: bool = True,
    ):
        headers = {"Accept": "application/json"}
        if write and not self.api_key:
            raise UdataError("DATAGOUV_API_KEY is not set: writing to the portal needs an API key")
        if self.api_key:
            headers["X-API-KEY"] = self.api_key

        def attempt():
            if file is not None:
                with file.open("rb") as handle:
                    response = self.session.request(
                        method,
                        self.url(path),
                        headers=headers,
                        files={"file": (file.name, handle)},
                        timeout=self.upload_timeout,
                        allow_redirects=False,
                    )
            else:
                response = self.session.request(
                    method, self.url(path), headers=headers, json=json, timeout=self.timeout, allow_redirects=False
                )
            if 300 <= response.status_code < 400:  # followed by no one: the key stays with the portal
                where = response.headers.get("Location", "?")
                raise UdataError(f"{what}: HTTP {response.status_code}: redirected to {where}; not followed")
            retrying.check_status(response)
            if response.status_code >= 400:
                meaning = MEANINGS.get(response.status_code, _message(response))
                error_type = ReadOnly if response.status_code == 423 else UdataError
                raise error_type(f"{what}: HTTP {response.status_code}: {meaning}", response.status_code)
            return _json(response, what)

        retries = retrying.Retries(self.attempts if retry else 1, self.backoff, self.max_wait)
        try:
            return retrying.call(attempt, retries, what=what)
        except retrying.GaveUp as error:
            tail = "" if retry else " (not retried: it may have been created; the next run checks)"
            raise UdataError(f"{what}: {error}{tail}") from None


def _json(response, what: str):
    """A 2xx answer's JSON; a page that is not JSON (a proxy's maintenance page) is one line."""
    if not response.content:
        return {}
    try:
        return response.json()
    except ValueError:
        kind = response.headers.get("Content-Type", "no content type").split(";")[0]
        raise UdataError(
            f"{what}: HTTP {response.status_code} from {response.url} is not JSON ({kind}): not the udata API, "
            "or a page in front of it",
            response.status_code,
        ) from None


def _message(response) -> str:
    """What a 4xx says: its message, and each field's errors (udata's 400 names them)."""
    try:
        body = response.json()
    except ValueError:
        return response.reason or "error"
    message = str(body.get("message", response.reason)) if isinstance(body, dict) else response.reason
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, dict) and errors:
        message += ": " + "; ".join(
            f"{field}: {' '.join(map(str, problems)) if isinstance(problems, list) else problems}"
            for field, problems in sorted(errors.items())
        )
    return message
