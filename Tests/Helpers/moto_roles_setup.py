#!/usr/bin/env python3
"""Creates the IAM roles of the AssumeRole tests in a signature-checking moto.

usage: moto_roles_setup.py ENDPOINT_URL ACCESS_KEY_ID SECRET_ACCESS_KEY SUFFIX

Signed with the key moto_iam_setup.py made (user media-worker-test, allowed everything):

  mw-hop1-SUFFIX  trusted by that user, only with ExternalId ext-SUFFIX
  mw-hop2-SUFFIX  trusted only by the session hop1-session of mw-hop1-SUFFIX, so moto
                  accepts its AssumeRole only when signed with hop 1's temporary keys
  mw-open-SUFFIX  trusted by that user, no condition

Each role may do everything. Prints {"account", "user", "hop1", "hop2", "open"} (ARNs).
"""
import json
import sys

import boto3

endpoint, key, secret, suffix = sys.argv[1:5]
session = boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret, region_name="us-east-1")
iam = session.client("iam", endpoint_url=endpoint)
me = session.client("sts", endpoint_url=endpoint).get_caller_identity()
account, user = me["Account"], me["Arn"]
allow_all = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})


def role(name, principal, condition=None):
    statement = {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="allow-all", PolicyDocument=allow_all)
    return arn


hop1 = role(f"mw-hop1-{suffix}", user, {"StringEquals": {"sts:ExternalId": f"ext-{suffix}"}})
hop2 = role(f"mw-hop2-{suffix}", f"arn:aws:sts::{account}:assumed-role/mw-hop1-{suffix}/hop1-session")
opened = role(f"mw-open-{suffix}", user)
print(json.dumps({"account": account, "user": user, "hop1": hop1, "hop2": hop2, "open": opened}))
