#!/usr/bin/env python3
"""Signs requests with botocore, for the differential test of media-worker's signer.

usage: botocore_sign.py CASES.json RESULTS.json

Each case gives the request unencoded (path, query pairs, headers, body in hex); this
script encodes it the way botocore's serializers do (percent_encode), signs it with
S3SigV4Auth / SigV4Auth (header) or S3SigV4QueryAuth (presigned) at the case's time,
and writes the Authorization header or the presigned URL.
"""
import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode

cases = json.load(open(sys.argv[1]))
results = []
for case in cases:
    path = percent_encode(case["path"], safe="/~")
    query = "&".join(percent_encode(k) + "=" + percent_encode(v) for k, v in case["query"])
    url = f'{case["scheme"]}://{case["host"]}{path}' + (f"?{query}" if query else "")
    request = AWSRequest(method=case["method"], url=url, data=bytes.fromhex(case["body"]))
    for name, value in case["headers"]:
        request.headers[name] = value  # HTTPHeaders keeps repeated names
    credentials = Credentials(case["access_key"], case["secret"], case.get("token"))
    moment = datetime.datetime.fromtimestamp(case["timestamp"], tz=datetime.timezone.utc).replace(tzinfo=None)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=moment):
        if case.get("expires"):
            auth = S3SigV4QueryAuth(credentials, case["service"], case["region"], expires=case["expires"])
            auth.add_auth(request)
            results.append({"url": request.url})
        else:
            auth_class = S3SigV4Auth if case["service"] == "s3" else SigV4Auth
            auth_class(credentials, case["service"], case["region"]).add_auth(request)
            results.append({"authorization": request.headers["Authorization"]})
json.dump(results, open(sys.argv[2], "w"))
