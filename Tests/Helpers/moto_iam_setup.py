#!/usr/bin/env python3
"""Turns on signature checking in a moto server started with INITIAL_NO_AUTH_ACTION_COUNT=3.

The three unauthenticated calls create an IAM user, give it an inline policy that allows
everything, and create its access key, which is printed as JSON. From then on moto checks
every request's signature against that key.

usage: moto_iam_setup.py ENDPOINT_URL
"""
import json
import sys

import boto3

endpoint = sys.argv[1]
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam.create_user(UserName="media-worker-test")
iam.put_user_policy(UserName="media-worker-test", PolicyName="allow-all", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}))
key = iam.create_access_key(UserName="media-worker-test")["AccessKey"]
print(json.dumps({"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}))
