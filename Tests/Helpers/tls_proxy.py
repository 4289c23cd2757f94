#!/usr/bin/env python3
"""A TLS front for a plain-HTTP server: accepts TLS on PORT with CERT/KEY and relays bytes.

usage: tls_proxy.py PORT CERT KEY UPSTREAM_HOST UPSTREAM_PORT
"""
import socket
import ssl
import sys
import threading

port, cert, key, host, upstream = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)


def pump(source, target):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client):
    try:
        secure = context.wrap_socket(client, server_side=True)
    except (ssl.SSLError, OSError):
        client.close()  # a client that refused our certificate
        return
    backend = socket.create_connection((host, upstream))
    threading.Thread(target=pump, args=(secure, backend), daemon=True).start()
    pump(backend, secure)


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", port))
listener.listen(64)
while True:
    connection, _ = listener.accept()
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
