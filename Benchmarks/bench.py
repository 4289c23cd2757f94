#!/usr/bin/env python3
"""media-worker's benchmarks against the reference tools, in one run, printed as a table.

usage: bench.py [--size-mib N] [--servers moto,localstack]

S3 rows: media-worker `upload`/`download` against boto3's upload_file/download_file on
the same local server (moto, then LocalStack) and the same file. Each command runs as its own process and is
measured with wait4(): wall time, CPU seconds (user + system) per GiB, peak RSS.
"""
import argparse
import os
import sys
import tempfile

from benchtools import BINARY, PYTHON, LocalStack, Moto, measure, print_table


BOTO = """
import sys, boto3
from boto3.s3.transfer import TransferConfig
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="bench", aws_secret_access_key="bench")
config = TransferConfig()
if sys.argv[2] == "upload":
    s3.upload_file(sys.argv[5], sys.argv[3], sys.argv[4], Config=config)
else:
    s3.download_file(sys.argv[3], sys.argv[4], sys.argv[5], Config=config)
"""


def run_server(server, source, work, size_mib):
    """The four S3 rows on one server, in one run of that server."""
    rows = []
    with server() as running:
        endpoint, env = running.endpoint, running.env
        name = "moto" if server is Moto else "LocalStack"
        gib = size_mib / 1024
        cases = [
            ("upload", "media-worker", [BINARY, "upload", source, "s3://bench/mw.bin"]),
            ("upload", "boto3 upload_file", [PYTHON, "-c", BOTO, endpoint, "upload", "bench", "boto.bin", source]),
            ("download", "media-worker", [BINARY, "download", "s3://bench/boto.bin", os.path.join(work, "mw.out")]),
            ("download", "boto3 download_file", [PYTHON, "-c", BOTO, endpoint, "download", "bench", "mw.bin", os.path.join(work, "boto.out")]),
        ]
        results = {}
        for operation, tool, command in cases:
            wall, cpu, rss, _ = measure(command, env)
            results[(operation, tool)] = (wall, cpu / gib, rss)
        for out in ("mw.out", "boto.out"):
            if os.path.getsize(os.path.join(work, out)) != size_mib << 20:
                sys.exit(f"{out} has the wrong size")
            os.unlink(os.path.join(work, out))
        for operation, tool, _ in cases:
            wall, cpu, rss = results[(operation, tool)]
            ref = results[(operation, [t for o, t, _ in cases if o == operation and t != "media-worker"][0])]
            rows.append((f"S3 {operation} {size_mib} MiB {name}", tool, wall, cpu, rss,
                         f"{wall / ref[0]:.2f}x / {cpu / ref[1]:.2f}x / {rss / ref[2]:.2f}x" if tool == "media-worker" else "reference"))
        return rows, env


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--servers", default="moto,localstack")
    args = parser.parse_args()
    if not os.access(BINARY, os.X_OK):
        sys.exit(f"{BINARY} is missing: run `swift build -c release` (make bench does)")
    servers = {"moto": Moto, "localstack": LocalStack}
    rows = []
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, "source.bin")
        with open(source, "wb") as f:
            for _ in range(args.size_mib):
                f.write(os.urandom(1 << 20))
        for name in args.servers.split(","):
            server_rows, env = run_server(servers[name], source, work, args.size_mib)
            rows += server_rows
        baseline = measure([BINARY, "--help"], env)[2]
        rows.append(("media-worker baseline", "media-worker --help", 0, 0, baseline, ""))
    print_table(rows, cpu="CPU s/GiB", targets="Targets (issue 3): CPU/GiB <= 0.5x boto3, peak RSS <= 0.5x boto3, wall <= 1.0x boto3; RSS above baseline < 64 MiB.")


if __name__ == "__main__":
    main()
