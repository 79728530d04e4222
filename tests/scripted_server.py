"""A real HTTP server on 127.0.0.1 whose answers a test scripts, path by path.

server.script["/irm.csv"] = [Reply(500), Reply(200, body)] answers the first request with
500 and every later one with 200. Requests are recorded, headers included.
"""

from __future__ import annotations

import http.server
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    announce: int | None = None  # Content-Length to announce, when it should differ from the body
    drip: float = 0.0  # seconds between two bytes of the body: a server sending too slowly


class ScriptedServer:
    def __init__(self):
        self.script: dict[str, list[Reply]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out in two writes; with Nagle's algorithm on, the body waits for
            # the client's delayed ACK of the headers, 40 ms a request on a kept-alive connection
            disable_nagle_algorithm = True

            def do_GET(self):
                owner.requests.append((self.path, dict(self.headers)))
                replies = owner.script.get(self.path) or [Reply(404, b"not found")]
                reply = replies.pop(0) if len(replies) > 1 else replies[0]
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                length = reply.announce if reply.announce is not None else len(reply.body)
                self.send_header("Content-Length", str(length))
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    if reply.drip:
                        for byte in reply.body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(reply.drip)
                    else:
                        self.wfile.write(reply.body)
                    self.wfile.flush()
                except OSError:  # the client gave up
                    pass
                self.close_connection = True

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
