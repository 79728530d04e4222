"""A udata API on 127.0.0.1, as udata's code and documentation describe it, for upload tests.

Datasets and resources live in memory. Uploads are multipart with a `file` field; a resource's
checksum is the sha1 of its file; creating answers 201 and replacing 200, both setting the title
to the file's name (as udata's handle_upload does); hosted resources' url, checksum, filesize,
mime and format cannot be changed by PUT. Writes need X-API-KEY. `faults` scripts failures:
(method, path pattern, status) pairs used once each; status "slow" stalls past the client's timeout.
Every request is recorded as (method, path, json body or file name, key sent or not).
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

PROTECTED = {"filetype", "url", "checksum", "filesize", "mime", "format"}


class UdataServer:
    def __init__(self, key: str, dataset_id: str, extensions=("csv", "json", "xlsx", "md", "zip"), port: int = 0):
        self.key, self.forbidden_key = key, "key-of-someone-else"
        self.extensions = list(extensions)
        self.datasets = {
            dataset_id: {
                "id": dataset_id,
                "title": "A plan",
                "description": "",
                "license": {"id": "notspecified"},
                "frequency": "unknown",
                "tags": [],
                "private": False,
                "resources": [],
            }
        }
        self.faults: list[tuple[str, str, object]] = []
        self.requests: list[tuple[str, str, object, bool]] = []
        self.created = 0
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                owner.handle(self, "GET")

            def do_PUT(self):
                owner.handle(self, "PUT")

            def do_POST(self):
                owner.handle(self, "POST")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

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
                return self.reply(request, status, {"message": f"scripted {status}"})
        if method != "GET" and key != self.key:
            return self.reply(request, 403 if key == self.forbidden_key else 401, {"message": "Invalid API Key"})
        status, answer = self.route(method, path, payload, upload)
        self.reply(request, status, answer)

    def route(self, method, path, payload, upload):
        if method == "GET" and path == "/api/1/datasets/extensions/":
            return 200, self.extensions
        match = re.fullmatch(r"/api/1/datasets/([^/]+)/(?:(upload)/|resources/([^/]+)/(upload/)?)?", path)
        if not match or match.group(1) not in self.datasets:
            return 404, {"message": "Not found"}
        dataset = self.datasets[match.group(1)]
        rid = match.group(3)
        resource = next((r for r in dataset["resources"] if r["id"] == rid), None)
        if rid and resource is None:
            return 404, {"message": "Resource not found"}
        if method == "GET" and not rid and not match.group(2):
            return 200, dataset
        if method == "PUT" and not rid:
            dataset.update({k: v for k, v in payload.items() if k != "license"})
            if "license" in payload:
                dataset["license"] = {"id": payload["license"]}
            return 200, dataset
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
            dataset["resources"].append(resource)
            return 201, {**resource, "success": True}
        if method == "POST" and match.group(4) and upload:
            self._store(dataset, resource, *upload)
            return 200, {**resource, "success": True}
        if method == "PUT" and rid:
            resource.update({k: v for k, v in payload.items() if k not in PROTECTED})
            return 200, resource
        return 400, {"message": "Bad request"}

    def _store(self, dataset, resource, filename, data):
        name = re.sub(r"[^a-z0-9.]+", "-", filename.lower())
        resource.update(
            {
                "title": name,
                "format": name.rsplit(".", 1)[-1],
                "filesize": len(data),
                "checksum": {"type": "sha1", "value": hashlib.sha1(data).hexdigest()},
                "url": f"{self.url}/resources/{dataset['id']}/{time.time_ns()}/{name}",
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
    def reply(request, status, answer):
        data = json.dumps(answer).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)
