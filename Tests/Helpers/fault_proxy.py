#!/usr/bin/env python3
"""A reverse proxy that injects faults between a client and an S3/SQS server.

usage: fault_proxy.py PORT UPSTREAM_URL

Requests are forwarded to UPSTREAM_URL with their headers (Host included, so signatures
still verify). Faults are armed through the proxy itself:

  POST /__fault {"mode": M, "count": N, "method": "GET", "skip": S, "path": P}
                                 after S matching requests pass, the next N get M; with P,
                                 only requests whose path contains P match (one object's PUTs)
  POST /__fault {"mode": "random", "rates": {"503": 0.05, "reset": 0.02, "stall": 0.02},
                 "stall_seconds": 2}   every request draws a fault with these odds, until disarmed
  POST /__fault {"mode": "down"} every connection is reset before an answer (a dead endpoint)
  POST /__fault {"mode": null}   disarms
  GET  /__stats                                           {"requests": n, "faults": n, "by_mode": {...}}

Modes:
  503     503 SlowDown (XML body) without forwarding
  500     500 InternalError without forwarding
  reset   forward, send the headers and half the body, then reset the connection (RST)
  stall   forward, send the headers and half the body, then stop for 30 s (stall_seconds)
  short   forward, send the headers and half the body, then close cleanly
  lost    forward (the server applies the request), then reset the connection before any
          byte of the answer: a write whose answer is lost
  delay   wait stall_seconds, then forward and answer normally (a slow server)
  flip    forward, and answer with one bit of the body's middle byte flipped (full length:
          only a checksum can tell)
  skew    S3's clock check: 403 RequestTimeTooSkewed when X-Amz-Date is over 15 min off
  refuse-conditional
          a store without conditional writes: every PUT carrying If-None-Match or If-Match
          gets 501 NotImplemented (as S3 answers a header it does not implement), until disarmed
"""
import calendar
import email.utils
import http.client
import json
import random
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

port = int(sys.argv[1])
upstream = urlsplit(sys.argv[2])
lock = threading.Lock()
armed = {"mode": None, "count": 0, "method": None, "skip": 0, "rates": {}, "stall_seconds": 30, "path": None}
stats = {"requests": 0, "faults": 0, "by_mode": {}}
HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization"}


def count(mode):
    stats["faults"] += 1
    stats["by_mode"][mode] = stats["by_mode"].get(mode, 0) + 1
    return mode


def take_fault(method, path):
    with lock:
        stats["requests"] += 1
        if armed["mode"] == "skew":
            return "skew"
        if armed["mode"] == "down":
            return count("down")
        if armed["mode"] == "random":
            draw = random.random()
            for mode, rate in armed["rates"].items():
                if draw < rate:
                    return count(mode)
                draw -= rate
            return None
        if armed["count"] > 0 and armed["method"] in (None, method) and (armed["path"] is None or armed["path"] in path):
            if armed["skip"] > 0:
                armed["skip"] -= 1
                return None
            armed["count"] -= 1
            return count(armed["mode"])
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":  # a HEAD answer has no body, or the connection's next answer is garbled
            self.wfile.write(body)

    def error_xml(self, status, code, message):
        body = f'<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>FAULT</RequestId></Error>'.encode()
        self.reply(status, body, [("Content-Type", "application/xml")])

    def handle_any(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        if self.path == "/__fault":
            spec = json.loads(body or b"{}")
            with lock:
                armed.update({"mode": spec.get("mode"), "count": int(spec.get("count", 1)), "method": spec.get("method"),
                              "skip": int(spec.get("skip", 0)), "rates": spec.get("rates", {}),
                              "stall_seconds": float(spec.get("stall_seconds", 30)), "path": spec.get("path")})
            return self.reply(200, b"armed")
        if self.path == "/__stats":
            with lock:
                return self.reply(200, json.dumps(stats).encode())
        if armed["mode"] == "refuse-conditional":
            if self.command == "PUT" and (self.headers.get("If-None-Match") or self.headers.get("If-Match")):
                with lock:
                    count("refuse-conditional")
                return self.error_xml(501, "NotImplemented", "A header you provided implies functionality that is not implemented")
        fault = take_fault(self.command, self.path)
        if fault == "down":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if fault == "delay":
            time.sleep(armed["stall_seconds"])
        if fault == "503":
            return self.error_xml(503, "SlowDown", "Please reduce your request rate.")
        if fault == "500":
            return self.error_xml(500, "InternalError", "We encountered an internal error. Please try again.")
        if fault == "skew":
            stamp = self.headers.get("X-Amz-Date", "")
            try:
                sent = calendar.timegm(time.strptime(stamp, "%Y%m%dT%H%M%SZ"))
            except ValueError:
                sent = time.time()
            if abs(sent - time.time()) > 900:
                body = b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message></Error>'
                return self.reply(403, body, [("Content-Type", "application/xml"), ("Date", email.utils.formatdate(usegmt=True))])
        connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=600)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        connection.request(self.command, self.path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if fault == "lost":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in HOP and (name.lower() != "content-length" or self.command == "HEAD"):
                self.send_header(name, value)
        if self.command != "HEAD":
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if fault == "flip" and self.command != "HEAD" and data:
            middle = len(data) // 2
            data = data[:middle] + bytes([data[middle] ^ 0x10]) + data[middle + 1:]
        if fault in ("reset", "stall", "short") and self.command != "HEAD" and len(data) > 1:
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            if fault == "reset":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
            elif fault == "stall":
                time.sleep(armed["stall_seconds"])
            self.close_connection = True
            return
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


Server(("127.0.0.1", port), Handler).serve_forever()
