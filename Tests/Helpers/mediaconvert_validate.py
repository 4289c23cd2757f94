#!/usr/bin/env python3
"""Validates CreateJob requests against the MediaConvert model shipped with botocore.

usage: mediaconvert_validate.py < REQUESTS.json

Input: [{"sdk": {...CreateJob params...}, "wire": "<the HTTP body media-worker sends>"}, ...]
For each request: botocore's ParamValidator (types, unknown names, required members,
minimums), then the enum values and maximums of the same model, then botocore's own
rest-json serialization of the SDK params compared with media-worker's wire body.
Output: [{"errors": [...]}, ...], one entry per request.
"""
import json
import sys

import botocore.session
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator

model = botocore.session.get_session().get_service_model("mediaconvert")
operation = model.operation_model("CreateJob")


def check_model(value, shape, path, errors):
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, item in value.items():
            if name in shape.members:
                check_model(item, shape.members[name], f"{path}.{name}" if path else name, errors)
    elif shape.type_name == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            check_model(item, shape.member, f"{path}[{index}]", errors)
    elif shape.type_name == "map" and isinstance(value, dict):
        for key, item in value.items():
            check_model(item, shape.value, f"{path}.{key}", errors)
    elif shape.type_name == "string":
        enum = shape.enum
        if enum and value not in enum:
            errors.append(f"{path}: {value!r} is not one of {enum}")
        maximum = shape.metadata.get("max")
        if maximum is not None and isinstance(value, str) and len(value) > maximum:
            errors.append(f"{path}: longer than {maximum}")
    elif shape.type_name in ("integer", "long", "double", "float"):
        maximum = shape.metadata.get("max")
        if maximum is not None and isinstance(value, (int, float)) and value > maximum:
            errors.append(f"{path}: {value} is above the maximum {maximum}")


results = []
for entry in json.load(sys.stdin):
    errors = []
    report = ParamValidator().validate(entry["sdk"], operation.input_shape)
    if report.has_errors():
        errors.append(report.generate_report())
    check_model(entry["sdk"], operation.input_shape, "", errors)
    if not errors:
        serialized = create_serializer("rest-json").serialize_to_request(entry["sdk"], operation)
        botocore_body = json.loads(serialized["body"])
        ours = json.loads(entry["wire"])
        if botocore_body != ours:
            errors.append("wire body differs from botocore's serialization:\nbotocore: %s\nours:     %s" % (json.dumps(botocore_body, sort_keys=True), json.dumps(ours, sort_keys=True)))
    results.append({"errors": errors})
json.dump(results, sys.stdout)
