#!/usr/bin/env python3
"""boto3 as an independent S3 client for the tests.

usage: s3_tool.py ENDPOINT ACCESS_KEY SECRET COMMAND ARGS...
  put BUCKET KEY FILE        upload a file
  get BUCKET KEY FILE        download to a file
  sha256 BUCKET KEY          print the object's SHA-256 and size
  mkbucket BUCKET            create a bucket
  list BUCKET                print the keys, one JSON list
  mirror BUCKET PREFIX DIR   download every object under PREFIX to DIR/KEY through presigned GET URLs
                             (urllib, not boto3's transfer), print the keys as one JSON list
  etag BUCKET KEY            print the object's ETag (no quotes)
  put-many BUCKET PREFIX SUFFIX FILE COUNT
                             upload FILE as PREFIX0SUFFIX ... PREFIX{COUNT-1}SUFFIX, print their ETags as JSON
  versioning BUCKET          turn versioning on
  versions BUCKET            print {key: number of versions} as JSON (delete markers left out)
  metadata BUCKET            print {key: user metadata} of every object as JSON (HEAD each)
  parts BUCKET KEY UPLOAD_ID  print the parts of a multipart upload as JSON [{number, size}]
  put-bytes BUCKET KEY TEXT  upload TEXT as the object's body
  delete BUCKET KEY          delete an object
  sqs-send QUEUE_URL BODY    send a message
  sqs-drain QUEUE_URL        receive every message (deleting them), print the bodies as one JSON list
  sqs-create NAME            create a queue, print its URL
  sns-create NAME            create a topic, print its ARN
  sns-subscribe TOPIC QUEUE_URL   subscribe a queue to a topic (the queue gets SNS's JSON envelope)
"""
import hashlib
import json
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
elif command == "parts":
    listed = s3.list_parts(Bucket=args[0], Key=args[1], UploadId=args[2]).get("Parts", [])
    print(json.dumps([{"number": p["PartNumber"], "size": p["Size"]} for p in listed]))
elif command == "put-meta":
    s3.upload_file(args[2], args[0], args[1], ExtraArgs={"Metadata": json.loads(args[3])})
elif command == "uploads":
    listed = s3.list_multipart_uploads(Bucket=args[0], Prefix=args[1]).get("Uploads", [])
    print(json.dumps([{"key": u["Key"], "uploadId": u["UploadId"]} for u in listed]))
elif command == "delete":
    s3.delete_object(Bucket=args[0], Key=args[1])
elif command == "put-bytes":
    s3.put_object(Bucket=args[0], Key=args[1], Body=args[2].encode())
elif command == "mkbucket":
    s3.create_bucket(Bucket=args[0])
elif command == "etag":
    print(s3.head_object(Bucket=args[0], Key=args[1])["ETag"].strip('"'))
elif command == "put-many":
    bucket, prefix, suffix, path, count = args
    etags = {}
    for index in range(int(count)):
        key = f"{prefix}{index}{suffix}"
        s3.upload_file(path, bucket, key)
        etags[key] = s3.head_object(Bucket=bucket, Key=key)["ETag"].strip('"')
    print(json.dumps(etags))
elif command == "versioning":
    s3.put_bucket_versioning(Bucket=args[0], VersioningConfiguration={"Status": "Enabled"})
elif command == "versions":
    counts = {}
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=args[0]):
        for version in page.get("Versions", []):
            counts[version["Key"]] = counts.get(version["Key"], 0) + 1
    print(json.dumps(counts))
elif command == "metadata":
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=args[0]):
        for item in page.get("Contents", []):
            found[item["Key"]] = s3.head_object(Bucket=args[0], Key=item["Key"]).get("Metadata", {})
    print(json.dumps(found))
elif command == "mirror":
    import os
    import urllib.request
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=args[0], Prefix=args[1]):
        keys += [item["Key"] for item in page.get("Contents", [])]
    for key in keys:
        url = s3.generate_presigned_url("get_object", Params={"Bucket": args[0], "Key": key}, ExpiresIn=600)
        target = os.path.join(args[2], key)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with urllib.request.urlopen(url) as response, open(target, "wb") as out:
            out.write(response.read())
    print(json.dumps(sorted(keys)))
elif command == "list":
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=args[0]):
        keys += [item["Key"] for item in page.get("Contents", [])]
    print(json.dumps(sorted(keys)))
elif command in ("sqs-send", "sqs-drain"):
    sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id=access_key, aws_secret_access_key=secret)
    if command == "sqs-send":
        sqs.send_message(QueueUrl=args[0], MessageBody=args[1])
    else:
        bodies = []
        while True:
            answer = sqs.receive_message(QueueUrl=args[0], MaxNumberOfMessages=10, WaitTimeSeconds=1)
            messages = answer.get("Messages", [])
            if not messages:
                break
            for message in messages:
                bodies.append(message["Body"])
                sqs.delete_message(QueueUrl=args[0], ReceiptHandle=message["ReceiptHandle"])
        print(json.dumps(bodies))
elif command in ("sqs-create", "sns-create", "sns-subscribe"):
    session = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=access_key, aws_secret_access_key=secret)
    sqs, sns = boto3.client("sqs", **session), boto3.client("sns", **session)
    if command == "sqs-create":
        print(sqs.create_queue(QueueName=args[0])["QueueUrl"])
    elif command == "sns-create":
        print(sns.create_topic(Name=args[0])["TopicArn"])
    else:
        arn = sqs.get_queue_attributes(QueueUrl=args[1], AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        print(sns.subscribe(TopicArn=args[0], Protocol="sqs", Endpoint=arn)["SubscriptionArn"])
else:
    sys.exit(f"unknown command {command}")
