#!/usr/bin/env python3
"""Writes docs/errors.md from FailureCode (Sources/MediaWorkerPipeline/Report/FailureCode.swift): run from the repository root after changing the codes; FailureCodeTests checks the page lists every code."""
import re
src=open('Sources/MediaWorkerPipeline/Report/FailureCode.swift').read()
head=src.split('public var description')[0]
cases=[]
group=None
for line in head.splitlines():
    m=re.match(r'\s*// (.*)',line)
    if m and not line.strip().startswith('///'): group=m.group(1); continue
    m=re.match(r'\s*case `?(\w+)`?(?: = "(\w+)")?$',line)
    if m: cases.append((m.group(1),m.group(2) or m.group(1),group))
mean=src.split('public var meaning')[1].split('public var action')[0]
act=src.split('public var action')[1]
def table(part):
    d={}
    for m in re.finditer(r'case ([^:]+?):\s*"((?:[^"\\]|\\.)*)"',part):
        for n in m.group(1).split(','):
            d[n.strip().lstrip('.').strip('`')]=m.group(2)
    return d
M=table(mean); A=table(act)
out=["# Error codes","",
"Every FAILED metadata JSON (`json/<name>.json`, `schemas/delivery-metadata.v1.schema.json`) has an",
"`error` with a `code` from the list below, a `message` naming what failed, and, when a service or",
"library said why, its own code as `cause` (S3's `NoSuchKey`, SQS's `AccessDenied`, MediaConvert's",
"numeric `1030`). Codes are `snake_case` and stable: switch on `code`, show `message`, log `cause`.",
"The list lives in one place, `FailureCode` (`Sources/MediaWorkerPipeline/Report/FailureCode.swift`);",
"the schema enumerates exactly these codes and a test keeps the two (and this page) equal;",
"`scripts/errors-doc.py` writes this page from it.",
"",
"AWS services' answers map to the same codes whatever the service (S3, SQS, SNS, STS,",
"MediaConvert): `NoSuchKey` is `source_missing`, `AccessDenied` `access_denied`, `SlowDown` and",
"`ThrottlingException` `throttled`, 5xx `service_unavailable`, other MediaConvert refusals",
"`mediaconvert_error`; anything else is `service_error` with the service's code as `cause`.",
"Metadata written by older versions (camelCase codes such as `mediaConvertError`) reads back as",
"`internal` with the old code as `cause`."]
cur=None
for name,raw,g in cases:
    if g!=cur:
        out+=["",f"## {g}","","| Code | Meaning | What to do |","| --- | --- | --- |"]; cur=g
    a=A[name].replace('\\"','"')
    out.append(f"| `{raw}` | {M[name]} | {a} |")
open('docs/errors.md','w').write("\n".join(out)+"\n")

