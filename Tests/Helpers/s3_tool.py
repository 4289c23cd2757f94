#!/usr/bin/env python3
"""boto3 as an independent S3 client for the tests.

usage: s3_tool.py ENDPOINT ACCESS_KEY SECRET COMMAND ARGS...
  put BUCKET KEY FILE        upload a file
  get BUCKET KEY FILE        download to a file
  sha256 BUCKET KEY          print the object's SHA-256 and size
  mkbucket BUCKET            create a bucket
"""
import hashlib
import sys

import boto3
from botocore.config import Config

endpoint, access_key, secret, command, *args = sys.argv[1:]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id=access_key, aws_secret_access_key=secret,
                  config=Config(s3={"addressing_style": "path"}))
if command == "put":
    s3.upload_file(args[2], args[0], args[1])
elif command == "get":
    s3.download_file(args[0], args[1], args[2])
elif command == "sha256":
    body = s3.get_object(Bucket=args[0], Key=args[1])["Body"].read()
    print(hashlib.sha256(body).hexdigest(), len(body))
elif command == "mkbucket":
    s3.create_bucket(Bucket=args[0])
else:
    sys.exit(f"unknown command {command}")
