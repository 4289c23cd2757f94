#!/usr/bin/env python3
"""A local stand-in for the ECS/EKS container credentials endpoint and EC2's IMDSv2.

usage: credentials_endpoint.py PORT EXPIRATION_ISO8601 [REQUIRED_AUTH_TOKEN]

  GET  /creds                                   container credentials (checks Authorization)
  PUT  /latest/api/token                        IMDSv2 session token
  GET  /latest/meta-data/iam/security-credentials/        role name (needs the token)
  GET  /latest/meta-data/iam/security-credentials/ROLE    credentials (needs the token)
  GET  /count                                   how many credential documents were served

Each credentials document has a new AccessKeyId (ASIA...<n>), so a refresh is visible.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port = int(sys.argv[1])
expiration = sys.argv[2]
required = sys.argv[3] if len(sys.argv) > 3 else None
served = {"count": 0}
IMDS_TOKEN = "imds-session-token"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="application/json"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def credentials(self):
        served["count"] += 1
        return json.dumps({
            "Code": "Success",
            "AccessKeyId": f"ASIATEST{served['count']:04d}",
            "SecretAccessKey": f"secret-{served['count']}",
            "Token": f"token-{served['count']}",
            "Expiration": expiration,
        })

    def do_PUT(self):
        if self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            return self.reply(200, IMDS_TOKEN, "text/plain")
        self.reply(400, "bad token request", "text/plain")

    def do_GET(self):
        if self.path == "/count":
            return self.reply(200, str(served["count"]), "text/plain")
        if self.path == "/creds":
            if required and self.headers.get("Authorization") != required:
                return self.reply(401, json.dumps({"message": "bad authorization"}))
            return self.reply(200, self.credentials())
        if self.path.startswith("/latest/meta-data/iam/security-credentials/"):
            if self.headers.get("X-aws-ec2-metadata-token") != IMDS_TOKEN:
                return self.reply(401, "missing IMDSv2 token", "text/plain")
            role = self.path.rsplit("/", 1)[1]
            if not role:
                return self.reply(200, "worker-role", "text/plain")
            if role == "worker-role":
                return self.reply(200, self.credentials())
        self.reply(404, "not found", "text/plain")


ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
