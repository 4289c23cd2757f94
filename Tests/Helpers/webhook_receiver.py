#!/usr/bin/env python3
"""Receives notification webhooks for the tests.

usage: webhook_receiver.py PORT FILE [FAIL_FIRST]

  POST /...        appends {"path", "headers", "body"} as one JSON line to FILE and answers
                   204; the first FAIL_FIRST requests are answered 503 instead (retry tests)
  GET /health      200
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, path = int(sys.argv[1]), sys.argv[2]
fail_first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
lock = threading.Lock()
state = {"seen": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status):
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self.answer(200)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            state["seen"] += 1
            if state["seen"] <= fail_first:
                return self.answer(503)
            with open(path, "a") as handle:
                handle.write(json.dumps({"path": self.path, "headers": dict(self.headers.items()),
                                         "body": body.decode("utf-8")}) + "\n")
        self.answer(204)


ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
