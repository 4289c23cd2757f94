#!/usr/bin/env python3
"""`make reliability`: every scenario of Tests/Helpers/reliability.py at full size, one after
the other on one LocalStack, then a table of the figures (docs/reliability.md quotes them).

usage: reliability_suite.py --binary PATH [--uploads N] [--out DIR]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../Tests/Helpers"))
import reliability  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--uploads", type=int, default=200)
parser.add_argument("--out", default=".build/reliability")
args = parser.parse_args()
os.makedirs(args.out, exist_ok=True)

localstack, endpoint = reliability.start_localstack(tempfile.mkdtemp(prefix="mw-rel-ls-"))
runs = [
    ("load, 1 worker", ["--scenario", "load", "--workers", "1"]),
    ("load, 3 workers", ["--scenario", "load", "--workers", "3"]),
    ("faults: 5% 503, 2% resets, 5% 2 s delays on S3 and SQS", ["--scenario", "faults"]),
    ("S3 down for 60 s", ["--scenario", "s3-down", "--outage-seconds", "60"]),
    ("SIGKILL a worker every 4 s", ["--scenario", "kill", "--kill-every", "4"]),
    ("work disk full 2 s in 4 (one worker)", ["--scenario", "disk-full"]),
    ("every event twice, to two workers at once", ["--scenario", "twice"]),
]
results = []
try:
    for title, extra in runs:
        out = os.path.join(args.out, extra[1] + ("-1" if "1" in extra[2:] else "") + ".json")
        command = [sys.executable, os.path.join(HERE, "../Tests/Helpers/reliability.py"), "--binary", args.binary,
                   "--uploads", str(args.uploads), "--endpoint", endpoint, "--json", out] + extra
        print(f"running: {title}", file=sys.stderr, flush=True)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        with open(out) as handle:
            results.append((title, json.load(handle)))
finally:
    import signal
    os.killpg(localstack.pid, signal.SIGTERM)

# Mutated media through probe and thumbnail: the load corpus, plus MKV and MPEG-TS remuxes.
media = tempfile.mkdtemp(prefix="mw-rel-media-")
corpus = reliability.make_corpus(media)
for extension, muxer in (("mkv", "matroska"), ("ts", "mpegts")):
    target = os.path.join(media, f"clip3.{extension}")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", corpus["clip3"], "-c", "copy", "-f", muxer, target], check=True)
    corpus[extension] = target
print("running: 600 mutated media files", file=sys.stderr, flush=True)
mutated = subprocess.run([sys.executable, os.path.join(HERE, "../Tests/Helpers/mutate_media.py"), "--binary", args.binary, "--count", "600",
                          "--seed", "2026", corpus["clip3"], corpus["clip5"], corpus["song"], corpus["mkv"], corpus["ts"]],
                         capture_output=True, text=True)
with open(os.path.join(args.out, "mutants.json"), "w") as handle:
    handle.write(mutated.stdout)

columns = ["uploads", "complete", "failed", "lost", "queue_left", "keys_written_more_than_once", "jobs_per_minute", "latency_p50_seconds",
           "latency_p99_seconds", "rss_growth_percent", "peak_rss_mib", "temp_files_left", "retried_jobs"]
print("| run | " + " | ".join(columns) + " | injected |")
print("|---|" + "---|" * (len(columns) + 1))
for title, result in results:
    injected = []
    for service in ("s3", "sqs"):
        if f"faults_{service}" in result:
            injected.append(f"{service}: {result[f'faults_{service}']['faults']} of {result[f'faults_{service}']['requests']}")
    if result.get("kills"):
        injected.append(f"{result['kills']} kills")
    if result.get("disk_fills"):
        injected.append(f"{result['disk_fills']} fills, {result['enospc_failures']} ENOSPC")
    if result.get("skipped"):
        injected.append("skipped: " + result["skipped"])
    print(f"| {title} | " + " | ".join(str(result.get(c, "")) for c in columns) + f" | {'; '.join(injected)} |")
print()
print("mutated media: " + mutated.stdout.strip())
bad = [title for title, r in results if not r.get("skipped") and (r.get("lost") or r.get("failed") or r.get("missing_keys") or r.get("extra_keys") or r.get("temp_files_left"))]
if mutated.returncode != 0:
    bad.append("mutated media")
if bad:
    sys.exit("lost or failed uploads in: " + ", ".join(bad))
