"""An S3 proxy that injects faults: it stands between boto3 and moto's server on 127.0.0.1 and, for
a seeded random fraction of requests, answers 503 SlowDown, resets the connection, or stalls past
the client's read timeout (before or after passing the request on: the nasty case, where S3 did
the write but the client never heard). Everything else is passed through unchanged."""

from __future__ import annotations

import http.client
import random
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SLOW_DOWN = (b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code>'
             b"<Message>Please reduce your request rate.</Message></Error>")


@dataclass
class FaultPlan:
    slow_down: float = 0.08      # 503 SlowDown, before the request reaches S3
    reset: float = 0.04          # connection reset, before
    stall_before: float = 0.02   # no answer until the client gives up, before
    stall_after: float = 0.02    # S3 did it; the answer is lost
    stall_s: float = 3.0         # longer than the client's read timeout
    seed: int = 7
    injected: Counter[str] = field(default_factory=Counter)
    requests: int = 0


class FaultProxy:
    def __init__(self, upstream: str, plan: FaultPlan) -> None:
        self.plan = plan
        self._rng = random.Random(plan.seed)
        self._lock = threading.Lock()
        target = urlsplit(upstream)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def _handle(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                fault = proxy._draw()
                if fault == "slow_down":
                    self.send_response(503)
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(SLOW_DOWN)))
                    self.end_headers()
                    self.wfile.write(SLOW_DOWN)
                    return
                if fault == "reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    return
                if fault == "stall_before":
                    time.sleep(proxy.plan.stall_s)
                    self.close_connection = True
                    return
                conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
                conn.request(self.command, self.path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                if fault == "stall_after":
                    time.sleep(proxy.plan.stall_s)
                    self.close_connection = True
                    return
                self.send_response(resp.status)
                for k, v in resp.getheaders():
                    if k.lower() not in ("connection", "transfer-encoding", "content-length"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _draw(self) -> str | None:
        with self._lock:
            self.plan.requests += 1
            x = self._rng.random()
            for name in ("slow_down", "reset", "stall_before", "stall_after"):
                x -= getattr(self.plan, name)
                if x < 0:
                    self.plan.injected[name] += 1
                    return name
            return None

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
