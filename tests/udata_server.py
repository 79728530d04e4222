"""A udata API on 127.0.0.1 that behaves as udata's code does, for upload tests.

Each behaviour names where udata does it: github.com/opendatateam/udata at commit
25b5a2ddd43798da1d7594823e5e9c10ddba34a1 (2026-08-21), file and line.

Datasets and resources live in memory. Uploads are multipart with a `file` field; a resource's
checksum is the sha1 of its file; creating answers 201 and replacing 200; hosted resources'
url, checksum, filesize, mime and format cannot be changed by PUT. `faults` scripts failures:
(method, path pattern, status) pairs used once each; status "slow" stalls past the client's
timeout, status "html" answers 200 with a proxy's HTML page, status "redirect" a 302 to
another site, status "busy" a proxy's 429 with Retry-After. Every request is recorded as
(method, path, json body or file name, key sent or not).
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import http.server
import json
import re
import threading
import time

from slugify import slugify  # awesome-slugify, as udata/tags.py:1-2 imports it (udata's pyproject.toml:31)

KEY = "SECRET-KEY-do-not-print-0123456789"  # the key the tests give; never to be printed
DATASET = "5bc04b2cff66bd680e499f4a"  # the dataset the stand-in holds
PROTECTED = {"filetype", "url", "checksum", "filesize", "mime", "format"}
# udata/settings.py:387-464: ALLOWED_ARCHIVE_EXTENSIONS + ALLOWED_RESOURCES_EXTENSIONS, the
# default list GET /api/1/datasets/extensions/ returns (udata/core/dataset/api.py:956-962):
# neither md nor parquet.
UDATA_EXTENSIONS = tuple(
    "tar gz tgz rar zip 7z xz bz2 csv txt json pdf xml rtf xsd ods odt odp odg xls xlsx doc docx pps ppt "
    "jpeg jpg jpe gif png dwg svg tiff ecw svgz jp2 webp shp kml kmz gpx shx ovr geojson gpkg grib2 rdf ttl "
    "n3 dbf prj sql sqlite db epub sbn sbx cpg lyr owl dxf ics ssim other".split()
)
# udata/core/dataset/forms.py:190-250, DatasetForm: the fields a PUT may set, with the value a
# field the body lacks is given. A PUT is validated against that form with the record as its
# object (udata/core/dataset/api.py:443, udata/api/__init__.py:158-167), so a field left out is
# reset: "It's a PUT request so you must send all data" (a maintainer, udata issue #2468).
EDITABLE = {
    "title": None,
    "acronym": None,
    "description": None,
    "description_short": None,
    "license": None,
    "frequency": "unknown",  # forms.py:221-224, default UpdateFrequency.UNKNOWN
    "temporal_coverage": None,
    "spatial": None,
    "tags": [],
    "private": False,  # a BooleanField left out is false: the dataset turns public
    "extras": {},
    "contact_points": [],
}
REQUIRED = ("title", "description")  # forms.py:193-201, DataRequired
# udata/core/dataset/constants.py:215-217
TITLE_SIZE_LIMIT, DESCRIPTION_SIZE_LIMIT, DESCRIPTION_SHORT_SIZE_LIMIT = 350, 100_000, 200
TAG_MIN_LENGTH, TAG_MAX_LENGTH = 3, 96  # udata/settings.py:302-303, checked by TagField (forms/fields.py:356-367)
RESOURCE_TYPES = ("main", "documentation", "update", "api", "code", "other")  # constants.py:177-186
# The geozones a portal knows are loaded from geo.data.gouv.fr; this one knows two countries.
# An unknown zone is a 400 (udata/core/spatial/forms.py:44-51).
ZONES = {"country:fr", "country:be"}


class UdataServer:
    def __init__(self, key: str, dataset_id: str, extensions=UDATA_EXTENSIONS, port: int = 0):
        self.key, self.forbidden_key = key, "key-of-someone-else"
        self.extensions = list(extensions)
        self.datasets = {
            dataset_id: {
                "id": dataset_id,
                "title": "A plan",
                "description": "",
                "license": {"id": "notspecified"},
                "acronym": None,
                "frequency": "unknown",
                "temporal_coverage": None,
                "spatial": None,
                "tags": [],
                "private": False,
                "extras": {},
                "contact_points": [],
                "description_short": None,
                "resources": [],
            }
        }
        # the contact points of the dataset's owner: a PUT may name these only
        # (udata/core/dataset/forms.py:166-180, validate_contact_point)
        self.contact_points = {"6500000000000000000000c1": {"id": "6500000000000000000000c1", "name": "Etalab"}}
        self.faults: list[tuple[str, str, object]] = []
        self.requests: list[tuple[str, str, object, bool]] = []
        self.created = 0
        self.files: dict[str, bytes] = {}  # the files the portal stores, by the path of their url
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out in two writes; with Nagle's algorithm on, the body waits for
            # the client's delayed ACK of the headers, 40 ms a request on a kept-alive connection
            disable_nagle_algorithm = True

            def do_GET(self):
                owner.handle(self, "GET")

            def do_PUT(self):
                owner.handle(self, "PUT")

            def do_POST(self):
                owner.handle(self, "POST")

            def do_DELETE(self):
                owner.handle(self, "DELETE")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def writes(self):
        return [(method, path) for method, path, _, _ in self.requests if method != "GET"]

    # Handling

    def handle(self, request, method):
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        path = request.path.split("?")[0]
        upload = self._file(request.headers.get("Content-Type", ""), body) if method == "POST" else None
        payload = json.loads(body) if body and upload is None else None
        key = request.headers.get("X-API-KEY")
        self.requests.append((method, path, upload[0] if upload else payload, key is not None))
        for index, (fault_method, pattern, status) in enumerate(self.faults):
            if fault_method == method and re.search(pattern, path):
                del self.faults[index]
                if status == "slow":
                    time.sleep(2)
                    status, answer = self.route(method, path, payload, upload)  # done, but too late
                    return self.reply(request, status, answer)
                if status == "html":
                    return self.reply(request, 200, "<html><body>Maintenance</body></html>", "text/html")
                if status == "busy":  # a proxy in front of udata shedding load: udata itself has no rate limit
                    request.send_response(429)
                    request.send_header("Retry-After", "3")
                    request.send_header("Content-Length", "0")
                    request.end_headers()
                    return None
                if status == "redirect":  # a portal moved elsewhere, or a proxy sending to a login page
                    request.send_response(302)
                    request.send_header("Location", "https://elsewhere.invalid/api/1/")
                    request.send_header("Content-Length", "0")
                    request.end_headers()
                    return None
                return self.reply(request, status, {"message": f"scripted {status}"})
        # udata/api/__init__.py:82-101 (api.secure): a write needs an authenticated user
        if method != "GET" and key != self.key:
            return self.reply(request, 403 if key == self.forbidden_key else 401, {"message": "Invalid API Key"})
        # udata/core/dataset/api.py:423-428: a private dataset (and each of its resources,
        # api.py:722-727) is 404 to anyone its owner's key does not come with, GETs included
        dataset_id = re.match(r"/api/1/datasets/([^/]+)/", path)
        private = dataset_id and self.datasets.get(dataset_id.group(1), {}).get("private")
        if private and key != self.key:
            return self.reply(request, 404, {"message": "Not found"})
        status, answer = self.route(method, path, payload, upload)
        self.reply(request, status, answer)

    def route(self, method, path, payload, upload):
        if method == "GET" and path == "/api/1/datasets/extensions/":
            return 200, self.extensions
        permalink = re.fullmatch(r"/api/1/datasets/r/([^/]+)", path)
        if method == "GET" and permalink:  # udata/core/dataset/api.py:543-551: the latest file of a resource
            found = [r for d in self.datasets.values() for r in d["resources"] if r["id"] == permalink.group(1)]
            return (302, {"location": found[0]["url"]}) if found else (404, {"message": "Resource not found"})
        if method == "GET" and path in self.files:  # the storage the resources' urls point to
            return 200, self.files[path]
        match = re.fullmatch(r"/api/1/datasets/([^/]+)/(?:(upload)/|resources/(?:([^/]+)/(upload/)?)?)?", path)
        if not match or match.group(1) not in self.datasets:
            return 404, {"message": "Not found"}
        dataset = self.datasets[match.group(1)]
        rid = match.group(3)
        resource = next((r for r in dataset["resources"] if r["id"] == rid), None)
        if rid and resource is None:
            return 404, {"message": "Resource not found"}
        if method == "GET" and not rid and not match.group(2):
            return 200, dataset
        if method == "PUT" and not rid and match.group(0).endswith("/resources/"):
            return self._reorder(dataset, payload)
        if method == "PUT" and not rid:
            errors = self._dataset_errors(payload)
            if errors:  # the form validated (udata/api/__init__.py:165-167: a 400 whose errors name each field)
                return 400, {"errors": errors, "message": "Validation error"}
            # then saved over the record: every editable field the body lacks is reset
            for name, empty in EDITABLE.items():
                dataset[name] = payload.get(name, empty)
            if dataset["license"] is not None:
                dataset["license"] = {"id": dataset["license"]}
            # TagField slugs each tag (udata/forms/fields.py:348-354, udata/tags.py:9-10)
            dataset["tags"] = [slugify(tag.lower()) for tag in dataset["tags"]]
            # a GET answers contact points as objects, the spatial coverage with its geometry
            # (udata/core/dataset/api_fields.py:435-437, udata/core/spatial/api_fields.py:67-90)
            dataset["contact_points"] = [self.contact_points[c] for c in dataset["contact_points"]]
            if dataset["spatial"] is not None:
                dataset["spatial"] = {"geom": None, "granularity": "other", **dataset["spatial"]}
            return 200, dataset
        if method == "POST" and upload and upload[1].lstrip()[:15].lower() in (b"<!doctype html>", b"<html>"):
            return 415, {"message": "Incorrect file content type: HTML"}  # udata/core/dataset/api.py:610-611
        if method == "POST" and match.group(2) and upload:
            self.created += 1
            resource = {
                "id": f"00000000-0000-4000-8000-{self.created:012d}",
                "filetype": "file",
                "type": "main",
                "description": "",
                "latest": f"{self.url}/api/1/datasets/r/{self.created}",
            }
            self._store(dataset, resource, *upload)
            # udata/core/dataset/models.py:1037-1059, add_resource: "an atomic prepend"
            dataset["resources"].insert(0, resource)
            return 201, {**resource, "success": True}
        if method == "POST" and match.group(4) and upload:
            self._store(dataset, resource, *upload)
            return 200, {**resource, "success": True}
        if method == "PUT" and rid:
            errors = {}
            if payload.get("type", resource["type"]) not in RESOURCE_TYPES:  # forms.py:101-107, RadioField
                errors["type"] = ["Not a valid choice"]
            if len(payload.get("description") or "") > DESCRIPTION_SIZE_LIMIT:  # forms.py:91-93
                errors["description"] = [f"Field cannot be longer than {DESCRIPTION_SIZE_LIMIT} characters."]
            if errors:
                return 400, {"errors": errors, "message": "Validation error"}
            resource.update({k: v for k, v in payload.items() if k not in PROTECTED and k != "schema"})
            if "schema" in payload:  # stored and answered as {url, name, version} (models.py:159-188)
                given = payload["schema"] or {}
                resource["schema"] = {
                    "url": given.get("url"),
                    "name": given.get("name"),
                    "version": given.get("version"),
                }
            return 200, resource
        if method == "DELETE" and rid:  # udata/core/dataset/api.py:771-778
            dataset["resources"].remove(resource)
            return 204, ""
        return 400, {"message": "Bad request"}

    @staticmethod
    def _reorder(dataset, payload):
        """udata/core/dataset/api.py:576-603: every resource, by id, each once."""
        have = [r["id"] for r in dataset["resources"]]
        if len(payload) != len(have):
            message = f"All resources must be reordered, you provided {len(payload)} out of {len(have)}"
            return 400, {"message": message}
        if any(isinstance(r, dict) and "id" not in r for r in payload):
            return 400, {"message": "Each resource must have an 'id' field"}
        given = [r["id"] if isinstance(r, dict) else r for r in payload]
        if set(given) != set(have):
            return 400, {"message": f"Resource ids must match existing ones in dataset, ie: {set(have)}"}
        if len(set(given)) != len(given):
            return 400, {"message": f"Resource ids must match existing ones in dataset, ie: {set(have)}"}
        by_id = {r["id"]: r for r in dataset["resources"]}
        dataset["resources"] = [by_id[rid] for rid in given]
        return 200, dataset["resources"]

    def _dataset_errors(self, payload):
        """The dataset form's checks on what upload sends (udata/core/dataset/forms.py:190-253)."""
        errors = {name: ["This field is required."] for name in REQUIRED if not payload.get(name)}
        if len(payload.get("title") or "") > TITLE_SIZE_LIMIT:
            errors["title"] = [f"Field cannot be longer than {TITLE_SIZE_LIMIT} characters."]
        if len(payload.get("description_short") or "") > DESCRIPTION_SHORT_SIZE_LIMIT:
            errors["description_short"] = [f"Field cannot be longer than {DESCRIPTION_SHORT_SIZE_LIMIT} characters."]
        for tag in payload.get("tags") or []:
            if not TAG_MIN_LENGTH <= len(slugify(tag.lower())) <= TAG_MAX_LENGTH:
                errors["tags"] = [f'Tag "{tag}" must be between {TAG_MIN_LENGTH} and {TAG_MAX_LENGTH} characters long.']
        unknown = [z for z in ((payload.get("spatial") or {}).get("zones") or []) if z not in ZONES]
        if unknown:
            errors["spatial"] = {"zones": [f"Unknown geoid(s): {', '.join(unknown)}"]}
        for contact in payload.get("contact_points") or []:
            if contact not in self.contact_points:
                errors["contact_points"] = ["Wrong contact point id or contact point ownership mismatch"]
        return errors

    def _store(self, dataset, resource, filename, data):
        # udata/core/dataset/api.py:607-616 (handle_upload): the title becomes the file's name,
        # the checksum a {type: sha1, value} object (udata/core/storages/utils.py:18, 34)
        name = re.sub(r"[^a-z0-9.]+", "-", filename.lower())
        stored = f"/resources/{dataset['id']}/{time.time_ns()}/{name}"
        self.files[stored] = data
        resource.update(
            {
                "title": name,
                "format": name.rsplit(".", 1)[-1],
                "filesize": len(data),
                "checksum": {"type": "sha1", "value": hashlib.sha1(data).hexdigest()},
                "url": f"{self.url}{stored}",
            }
        )

    @staticmethod
    def _file(content_type, body):
        if not content_type.startswith("multipart/form-data"):
            return None
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        for part in message.iter_parts():
            if part.get_param("name", header="content-disposition") == "file":
                return part.get_filename(), part.get_payload(decode=True)
        return None

    @staticmethod
    def reply(request, status, answer, content_type="application/json"):
        if isinstance(answer, bytes):  # a stored file
            data, content_type = answer, "application/octet-stream"
        else:
            data = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
        request.send_response(status)
        if status == 302:
            request.send_header("Location", answer["location"])
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)
