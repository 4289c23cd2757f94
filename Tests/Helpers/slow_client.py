#!/usr/bin/env python3
"""A slow-loris client: trickles a request one byte every INTERVAL seconds and reports when
the server gave up on it.

usage: slow_client.py PORT MODE [INTERVAL] [LIMIT] [MARKER]
  MODE head: the request head, a byte at a time (it never completes within LIMIT)
  MODE body: a complete head (Content-Length 100000), then the body a byte at a time
  MARKER: a file another process creates when something happens (for example when another
  request was refused); reported as "marker_first": whether it existed when the server
  first answered or closed this connection
Prints {"mode", "seconds", "closed": bool, "answer": first line of any answer, "marker_first"}.
"""
import json
import os
import socket
import sys
import time

port, mode = int(sys.argv[1]), sys.argv[2]
interval = float(sys.argv[3]) if len(sys.argv) > 3 else 1
limit = float(sys.argv[4]) if len(sys.argv) > 4 else 90
marker = sys.argv[5] if len(sys.argv) > 5 else None
marker_first = None


def server_acted():
    """Notes, once, whether the marker existed when the server answered or closed."""
    global marker_first
    if marker_first is None and marker is not None:
        marker_first = os.path.exists(marker)


sock = socket.create_connection(("127.0.0.1", port))
sock.settimeout(interval)
head = b"POST /minio/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
started = time.time()
if mode == "body":
    sock.sendall(head)
    trickle = b"{" + b" " * 99999
else:
    trickle = head * 100
answer, closed = b"", False
for byte in trickle:
    if time.time() - started > limit:
        break
    try:
        sock.sendall(bytes([byte]))
    except OSError:
        server_acted()
        closed = True
        break
    try:
        data = sock.recv(4096)
        server_acted()
        if not data:
            closed = True
            break
        answer += data
    except socket.timeout:
        continue
    except OSError:
        server_acted()
        closed = True
        break
print(json.dumps({"mode": mode, "seconds": round(time.time() - started, 1), "closed": closed,
                  "answer": answer.split(b"\r\n")[0].decode(errors="replace"), "marker_first": marker_first}))
