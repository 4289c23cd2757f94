#!/usr/bin/env python3
"""Mutated media through `media-worker probe` and `media-worker thumbnail`, with bounded time
and memory: every run must end (within --seconds) with exit status 0 (the damage was
survivable) or 1 (a typed error on one line), never a signal, a hang or a memory blow-up.

usage: mutate_media.py --binary PATH --count N [--seed S] [--seconds T] [--memory-mib M] FILE...

Mutations, chosen at random per mutant: flip 1-64 random bytes; overwrite a random span
with 0xFF or 0x00; truncate; duplicate a span; write huge values over 32-bit fields near
the start (box sizes, dimensions, sample counts). Prints one JSON object with the counts.
"""
import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time


def mutate(data, rng):
    data = bytearray(data)
    kind = rng.choice(["flip", "fill", "truncate", "duplicate", "huge"])
    if kind == "flip":
        for _ in range(rng.randint(1, 64)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif kind == "fill":
        start = rng.randrange(len(data))
        end = min(len(data), start + rng.randint(1, 4096))
        data[start:end] = bytes([rng.choice([0, 0xFF])]) * (end - start)
    elif kind == "truncate":
        data = data[: rng.randrange(1, len(data))]
    elif kind == "duplicate":
        start = rng.randrange(len(data))
        span = data[start: start + rng.randint(1, 65536)]
        at = rng.randrange(len(data))
        data[at:at] = span
    else:
        for _ in range(rng.randint(1, 16)):
            at = rng.randrange(0, max(1, min(len(data) - 4, 8192)))
            data[at: at + 4] = rng.choice([b"\xff\xff\xff\xff", b"\x7f\xff\xff\xff", b"\x00\x00\x00\x00", b"\x80\x00\x00\x00"])
    return bytes(data), kind


def run(command, seconds, memory):
    def limit():
        # 0: no address-space limit (sanitized builds reserve terabytes of shadow memory;
        # their peak RSS is still reported).
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    started = time.time()
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=seconds, preexec_fn=limit,
                                env=dict(os.environ, SWIFT_BACKTRACE="enable=no"))
        return result.returncode, result.stderr, time.time() - started
    except subprocess.TimeoutExpired:
        return "timeout", "", seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--memory-mib", type=int, default=4096)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="mw-mutants-")
    counts = {"mutants": 0, "runs": 0, "exit_0": 0, "exit_1": 0, "other": 0, "timeouts": 0, "slowest_seconds": 0.0}
    problems = []
    sources = [(path, open(path, "rb").read()) for path in args.files]
    try:
        for index in range(args.count):
            path, data = sources[index % len(sources)]
            mutant, kind = mutate(data, rng)
            extension = os.path.splitext(path)[1]
            target = os.path.join(work, f"mutant{index}{extension}")
            with open(target, "wb") as handle:
                handle.write(mutant)
            counts["mutants"] += 1
            for command in ([args.binary, "probe", target], [args.binary, "thumbnail", target, "--output", target + ".jpg"]):
                status, stderr, seconds = run(command, args.seconds, args.memory_mib << 20)
                counts["runs"] += 1
                counts["slowest_seconds"] = round(max(counts["slowest_seconds"], seconds), 2)
                if status == 0:
                    counts["exit_0"] += 1
                elif status == 1:
                    counts["exit_1"] += 1
                elif status == "timeout":
                    counts["timeouts"] += 1
                    problems.append({"mutant": index, "kind": kind, "command": command[1], "status": "timeout"})
                else:
                    counts["other"] += 1
                    problems.append({"mutant": index, "kind": kind, "command": command[1], "status": status, "stderr": stderr[-400:]})
                    shutil.copy(target, os.path.join(tempfile.gettempdir(), f"mw-crash-{args.seed}-{index}{extension}"))
            os.remove(target)
            if os.path.exists(target + ".jpg"):
                os.remove(target + ".jpg")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    counts["max_rss_mib"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    counts["problems"] = problems[:10]
    print(json.dumps(counts))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
