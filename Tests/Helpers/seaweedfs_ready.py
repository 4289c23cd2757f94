#!/usr/bin/env python3
"""Whether a SeaweedFS S3 gateway is ready: a signed round trip through the filer and a volume.

usage: seaweedfs_ready.py ENDPOINT ACCESS_KEY SECRET
Exits 0 when a bucket can be made (or exists) and an object written, read back and deleted;
1 with the error otherwise. One attempt per request: the caller polls.
"""
import sys

import boto3
from botocore.config import Config

endpoint, access_key, secret = sys.argv[1:4]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id=access_key, aws_secret_access_key=secret,
                  config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
                                connect_timeout=5, read_timeout=30))
bucket = "media-worker-ready"
try:
    try:
        s3.create_bucket(Bucket=bucket)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    s3.put_object(Bucket=bucket, Key="probe", Body=b"ready")
    body = s3.get_object(Bucket=bucket, Key="probe")["Body"].read()
    s3.delete_object(Bucket=bucket, Key="probe")
except Exception as error:  # noqa: BLE001 - any failure means "not yet"
    sys.exit(f"not ready: {error}")
if body != b"ready":
    sys.exit(f"not ready: read back {body!r}")
