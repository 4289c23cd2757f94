#!/usr/bin/env python3
"""A stub of the MediaConvert API (2017-08-29) for media-worker's tests.

usage: mediaconvert_stub.py PORT ACCESS_KEY SECRET REGION

Every request's SigV4 signature is recomputed with botocore (SigV4Auth, service
"mediaconvert") for the same credentials, headers and X-Amz-Date, and a mismatch gets 403
InvalidSignatureException, as the API answers. CreateJob validates the body against
botocore's model after mapping wire names back (a field error is a 400 BadRequestException
whose message names the field, like the API's); a valid job gets 201 with a Job. A repeated
ClientRequestToken returns the job already created. GetJob answers PROGRESSING for the first
N polls (X-Stub-Polls header at creation, default 1), then COMPLETE. `Role` containing
"bad-role" gets a 400 as MediaConvert gives for a role it cannot assume.

Test hooks: GET /_stub/requests lists what was received (operation, token, body).
"""
import datetime
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import botocore.auth
import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.validate import ParamValidator

PORT, ACCESS_KEY, SECRET, REGION = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
MODEL = botocore.session.get_session().get_service_model("mediaconvert")
CREATE = MODEL.operation_model("CreateJob")
jobs = {}
tokens = {}
received = []


def from_wire(value, shape):
    """Wire names (camelCase) back to the SDK's, following the model."""
    if shape.type_name == "structure" and isinstance(value, dict):
        by_wire = {m.serialization.get("name", n): (n, m) for n, m in shape.members.items()}
        out = {}
        for key, item in value.items():
            if key in by_wire:
                name, member = by_wire[key]
                out[name] = from_wire(item, member)
            else:
                out[key] = item  # unknown: ParamValidator reports it
        return out
    if shape.type_name == "list" and isinstance(value, list):
        return [from_wire(v, shape.member) for v in value]
    if shape.type_name == "map" and isinstance(value, dict):
        return {k: from_wire(v, shape.value) for k, v in value.items()}
    return value


def expected_authorization(handler, body):
    auth = handler.headers.get("Authorization", "")
    signed = auth.split("SignedHeaders=")[1].split(",")[0].split(";") if "SignedHeaders=" in auth else []
    request = AWSRequest(method=handler.command, url=f"http://{handler.headers['Host']}{handler.path}", data=body)
    for name in signed:
        if name.lower() not in ("authorization",):
            request.headers[name] = handler.headers.get(name, "")
    amz_date = handler.headers.get("X-Amz-Date", "")
    moment = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=moment):
        # add_auth replaces X-Amz-Date with the same value and computes the header.
        del request.headers["X-Amz-Date"]
        SigV4Auth(Credentials(ACCESS_KEY, SECRET, handler.headers.get("X-Amz-Security-Token")), "mediaconvert", REGION).add_auth(request)
    return request.headers["Authorization"]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, payload, error_type=None):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "stub-%d" % len(received))
        if error_type:
            self.send_header("x-amzn-ErrorType", error_type + ":http://internal.amazon.com/coral/com.amazonaws.elementalmediaconvert/")
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length", "0"))
        return self.rfile.read(length) if length else b""

    def check_signature(self, body):
        given = self.headers.get("Authorization", "")
        try:
            wanted = expected_authorization(self, body)
        except Exception as error:  # noqa: BLE001 - a malformed request is a signature failure
            wanted = "unparseable: %s" % error
        if given != wanted:
            self.answer(403, {"message": "The request signature we calculated does not match the signature you provided."}, "InvalidSignatureException")
            return False
        return True

    def do_GET(self):
        if self.path == "/_stub/requests":
            return self.answer(200, received)
        body = self.body()
        if not self.check_signature(body):
            return
        if self.path.startswith("/2017-08-29/jobs/"):
            job_id = self.path.rsplit("/", 1)[1]
            job = jobs.get(job_id)
            received.append({"operation": "GetJob", "id": job_id})
            if not job:
                return self.answer(404, {"message": "Job %s not found" % job_id}, "NotFoundException")
            job["polls"] += 1
            if job["polls"] > job["progressing_polls"]:
                job["wire"]["status"] = job["final_status"]
                if job["final_status"] == "ERROR":
                    job["wire"]["errorCode"] = 1010
                    job["wire"]["errorMessage"] = "Unable to open input file [s3://watch/inputs/broken.mp4]"
                else:
                    job["wire"]["outputGroupDetails"] = job["details"]
            else:
                job["wire"]["status"] = "PROGRESSING"
            return self.answer(200, {"job": job["wire"]})
        self.answer(404, {"message": "no route"}, "NotFoundException")

    def do_POST(self):
        body = self.body()
        if not self.check_signature(body):
            return
        if self.path != "/2017-08-29/jobs":
            return self.answer(404, {"message": "no route"}, "NotFoundException")
        try:
            wire = json.loads(body)
        except ValueError:
            return self.answer(400, {"message": "Request body is not JSON"}, "BadRequestException")
        params = from_wire(wire, CREATE.input_shape)
        received.append({"operation": "CreateJob", "token": wire.get("clientRequestToken"), "body": wire})
        report = ParamValidator().validate(params, CREATE.input_shape)
        if report.has_errors():
            return self.answer(400, {"message": report.generate_report()}, "BadRequestException")
        if "bad-role" in wire.get("role", ""):
            return self.answer(400, {"message": "/role: Unable to assume role %s; check the trust policy" % wire["role"]}, "BadRequestException")
        token = wire.get("clientRequestToken")
        if token in tokens:
            return self.answer(201, {"job": jobs[tokens[token]]["wire"]})
        job_id = "%d-%s" % (int(time.time() * 1000), "stub%02d" % len(jobs))
        details = []
        for group in wire["settings"]["outputGroups"]:
            outputs = []
            for output in group["outputs"]:
                video = output.get("videoDescription")
                entry = {"durationInMs": 8000}
                if video:
                    entry["videoDetails"] = {"widthInPx": video["width"], "heightInPx": video["height"]}
                outputs.append(entry)
            details.append({"outputDetails": outputs, "type": group["outputGroupSettings"]["type"].replace("_SETTINGS", "")})
        job = {
            "id": job_id, "arn": "arn:aws:mediaconvert:%s:111122223333:jobs/%s" % (REGION, job_id), "status": "SUBMITTED",
            "role": wire["role"], "settings": wire["settings"], "userMetadata": wire.get("userMetadata", {}),
            "createdAt": int(time.time()), "queue": wire.get("queue", "arn:aws:mediaconvert:%s:111122223333:queues/Default" % REGION),
        }
        final = "ERROR" if "broken" in wire.get("userMetadata", {}).get("source_key", "") else "COMPLETE"
        jobs[job_id] = {"wire": job, "polls": 0, "progressing_polls": int(self.headers.get("X-Stub-Polls", "1")), "final_status": final, "details": details}
        tokens[token] = job_id
        self.answer(201, {"job": job})


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
