#!/usr/bin/env python3
"""A credential_process program for the profile tests.

usage: credential_process.py MODE COUNTER_FILE [ARG...]

Each run adds one line to COUNTER_FILE (so tests see how often it ran), then, by MODE:

  ok [EXPIRATION]   Version 1 credentials AKIAPROC<run>/proc-secret-<run>/proc-token-<run>,
                    with Expiration when given
  static KEY SECRET Version 1 credentials KEY/SECRET without token or Expiration
  fail              a secret-looking JSON on stdout, "vault is sealed" on stderr, exit 3
  badjson           half a JSON object, a warning on stderr
  version2          Version 2
  nosecret          no SecretAccessKey
  args ARG...       credentials whose SessionToken is the JSON list of ARG... (argv check)
  sleep             sleeps for an hour
"""
import json
import sys
import time

mode, counter = sys.argv[1], sys.argv[2]
with open(counter, "a") as f:
    f.write("run\n")
with open(counter) as f:
    run = len(f.readlines())

if mode == "ok":
    out = {"Version": 1, "AccessKeyId": f"AKIAPROC{run}", "SecretAccessKey": f"proc-secret-{run}", "SessionToken": f"proc-token-{run}"}
    if len(sys.argv) > 3:
        out["Expiration"] = sys.argv[3]
    print(json.dumps(out))
elif mode == "static":
    print(json.dumps({"Version": 1, "AccessKeyId": sys.argv[3], "SecretAccessKey": sys.argv[4]}))
elif mode == "fail":
    print(json.dumps({"Version": 1, "AccessKeyId": "AKIALEAK", "SecretAccessKey": "stdout-secret-must-not-leak"}))
    print("helper: the vault is sealed, run vault unseal", file=sys.stderr)
    sys.exit(3)
elif mode == "badjson":
    print('{"Version": 1, "AccessKeyId": "AKIAHALF", "SecretAccessKey": "half-secret-must-not-leak"')
    print("helper: the token cache is stale", file=sys.stderr)
elif mode == "version2":
    print(json.dumps({"Version": 2, "AccessKeyId": "AKIAV2", "SecretAccessKey": "v2-secret"}))
elif mode == "nosecret":
    print(json.dumps({"Version": 1, "AccessKeyId": "AKIANOSECRET"}))
elif mode == "args":
    print(json.dumps({"Version": 1, "AccessKeyId": "AKIAARGS", "SecretAccessKey": "args-secret", "SessionToken": json.dumps(sys.argv[3:])}))
elif mode == "sleep":
    time.sleep(3600)
else:
    sys.exit(f"unknown mode {mode}")
