#!/usr/bin/env python3
"""Validates JSON documents against one of the repository's schemas (draft 2020-12).

usage: validate_schema.py SCHEMA.json DOC.json [DOC.json ...]
Schemas in the same folder are resolvable by file name ($ref: media-probe.v1.schema.json).
Prints one line per invalid document and exits 1 if any is invalid.
"""
import json
import os
import sys

import jsonschema
from referencing import Registry, Resource


def main():
    schema_path, documents = sys.argv[1], sys.argv[2:]
    folder = os.path.dirname(os.path.abspath(schema_path))
    resources = []
    for name in os.listdir(folder):
        if name.endswith(".schema.json"):
            with open(os.path.join(folder, name)) as handle:
                contents = json.load(handle)
            resource = Resource.from_contents(contents)
            resources += [(name, resource), (contents["$id"], resource)]
    registry = Registry().with_resources(resources)
    with open(schema_path) as handle:
        schema = json.load(handle)
    validator = jsonschema.Draft202012Validator(schema, registry=registry, format_checker=jsonschema.FormatChecker())
    failed = 0
    for path in documents:
        with open(path) as handle:
            document = json.load(handle)
        errors = sorted(validator.iter_errors(document), key=lambda error: list(error.path))
        for error in errors[:3]:
            print(f"{path}: {'/'.join(map(str, error.path)) or '(root)'}: {error.message}")
        failed += bool(errors)
    print(f"{len(documents) - failed} of {len(documents)} valid")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
