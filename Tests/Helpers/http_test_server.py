#!/usr/bin/env python3
"""An HTTP/1.1 server with keep-alive for the transport tests.

usage: http_test_server.py PORT

  GET  /bytes/N          N bytes of a fixed pattern (byte i = i % 251)
  PUT|POST /sha256       the SHA-256 and length of the request body, as "hex length"
  GET  /status/N         status N with an S3-style XML error body
  GET  /short            Content-Length 1000, then 500 bytes and a closed connection
  GET  /stall/ID         headers and 10 bytes, then silence until the client closes the
                         connection (or STALL_LIMIT s pass, which only stops a hung test)
  GET  /stall-state/ID?until=stalling|ended
                         waits (up to STALL_LIMIT s) until stall ID is stalling, or has
                         ended, and answers its state: "stalling", "client closed" (the
                         client closed the connection while the server stalled) or
                         "server gave up" (STALL_LIMIT passed without a close)
  GET  /redirect         302 to /bytes/10
  GET  /headers          the request headers, one "name: value" per line
  GET  /connections      how many TCP connections the server has accepted
  absolute-form targets (GET http://host/path) are answered as a proxy would: with
  header X-Proxied: yes and the target in the body.
"""
import hashlib
import select
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port = int(sys.argv[1])
state = {"connections": 0}
STALL_LIMIT = 600
stalls = {}  # stall ID -> "stalling", "client closed" or "server gave up"
stalls_changed = threading.Condition()


def set_stall(stall_id, value):
    with stalls_changed:
        stalls[stall_id] = value
        stalls_changed.notify_all()
PATTERN = bytes(i % 251 for i in range(251 * 4096))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        state["connections"] += 1

    def send(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        path = self.path
        if path.startswith("http://"):
            return self.send(200, path.encode(), [("X-Proxied", "yes")])
        if path.startswith("/bytes/"):
            n = int(path.split("/")[2])
            self.send_response(200)
            self.send_header("Content-Length", str(n))
            self.end_headers()
            sent = 0
            while sent < n:
                chunk = PATTERN[: min(len(PATTERN), n - sent)]
                self.wfile.write(chunk)
                sent += len(chunk)
            return
        if path.startswith("/status/"):
            code = int(path.split("/")[2])
            body = b"<?xml version=\"1.0\"?><Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message><RequestId>REQ123</RequestId></Error>"
            return self.send(code, body, [("Content-Type", "application/xml"), ("x-amz-request-id", "REQ123")])
        if path == "/short":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"x" * 500)
            self.wfile.flush()
            self.close_connection = True
            return
        if path.startswith("/stall/"):
            return self.stall(path.split("/")[2])
        if path.startswith("/stall-state/"):
            stall_id, _, query = path.split("/")[2].partition("?")
            wanted = query.partition("until=")[2] or "ended"
            with stalls_changed:
                stalls_changed.wait_for(
                    lambda: stalls.get(stall_id) is not None and (wanted == "stalling" or stalls[stall_id] != "stalling"),
                    timeout=STALL_LIMIT)
                value = stalls.get(stall_id, "never started")
            return self.send(200, value.encode())
        if path == "/redirect":
            return self.send(302, b"", [("Location", "/bytes/10")])
        if path == "/headers":
            return self.send(200, "".join(f"{k}: {v}\n" for k, v in self.headers.items()).encode())
        if path == "/connections":
            return self.send(200, str(state["connections"]).encode())
        self.send(404, b"not found")

    def stall(self, stall_id):
        """Sends a head and 10 of 1000 bytes, then waits for the client to close the connection."""
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"y" * 10)
        self.wfile.flush()
        set_stall(stall_id, "stalling")
        deadline = time.monotonic() + STALL_LIMIT
        outcome = "server gave up"
        while time.monotonic() < deadline:
            readable, _, _ = select.select([self.connection], [], [], 1)
            if not readable:
                continue
            try:
                data = self.connection.recv(4096)
            except OSError:
                data = b""
            if not data:
                outcome = "client closed"
                break
        set_stall(stall_id, outcome)
        self.close_connection = True

    def do_HEAD(self):
        self.send(200, b"")

    def read_body(self):
        length = int(self.headers.get("Content-Length", "0"))
        digest = hashlib.sha256()
        remaining = length
        while remaining:
            chunk = self.rfile.read(min(remaining, 1 << 20))
            if not chunk:
                break
            digest.update(chunk)
            remaining -= len(chunk)
        return digest.hexdigest(), length - remaining

    def do_PUT(self):
        digest, length = self.read_body()
        self.send(200, f"{digest} {length}".encode())

    do_POST = do_PUT

    def do_DELETE(self):
        self.send(204, b"")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


Server(("127.0.0.1", port), Handler).serve_forever()
