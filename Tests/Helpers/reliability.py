#!/usr/bin/env python3
"""Load and fault runs of media-worker against LocalStack, with nothing lost.

usage: reliability.py --binary PATH --scenario NAME [--uploads N] [--workers K]
                      [--endpoint URL] [--json OUT] [--outage-seconds S] [--kill-every S | --kills N]

Scenarios (each on fresh buckets and queues made by `media-worker setup`):
  load        K workers, N uploads (2-5 s clips, MP3, SRT); every output written once
  faults      the same behind fault proxies on S3 and SQS: 5 % 503, 2 % resets, 5 % 2 s delays
  s3-down     S3 refuses every connection for --outage-seconds, from the moment the first job
              starts (seen in a worker's log)
  kill        a random worker is killed with SIGKILL every --kill-every seconds and restarted;
              with --kills N instead, a worker is killed N times, each time as soon as one is
              seen running a job (its log says "job started"), and restarted: every kill meets
              a job in flight, however fast or slow the machine is
  disk-full   worker 1's WORK_DIR is on a 64 MiB tmpfs that another writer fills for 2 s of
              every 4: its jobs hit ENOSPC mid-write and are retried, it pauses while the disk
              is short, the other workers go on (needs root for mount; skipped otherwise)
  twice       the bucket's notification is replaced by two identical copies of each event sent
              together, so two workers receive one upload at the same instant; the claims keep
              it to one job (every output written once)

Checks for every scenario: each upload ends with one COMPLETE metadata JSON, the delivery
bucket holds exactly the expected keys, the queue and its dead-letter queue end empty, and
no file is left in any work directory. Prints one JSON object (also to --json).
"""
import argparse
import concurrent.futures
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timezone

import boto3
from botocore.config import Config

HELPERS = os.path.dirname(os.path.abspath(__file__))
CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return True
        except Exception:
            time.sleep(0.2)
    return False


def start_localstack(work):
    venv = os.environ.get("MEDIA_WORKER_LOCALSTACK_VENV", os.path.join(HELPERS, "../../.venv-localstack"))
    port = free_port()
    data = os.path.join(work, "localstack")
    os.makedirs(data, exist_ok=True)
    env = dict(os.environ, GATEWAY_LISTEN=f"127.0.0.1:{port}", SERVICES="s3,sqs", SQS_ENDPOINT_STRATEGY="path",
               LOCALSTACK_VOLUME_DIR=data, FILESYSTEM_ROOT=data, DISABLE_EVENTS="1", SKIP_SSL_CERT_DOWNLOAD="1")
    log = open(os.path.join(work, "localstack.log"), "w")
    process = subprocess.Popen([os.path.join(venv, "bin/python"), "-m", "localstack.runtime.main"], env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    if not wait_for(f"http://127.0.0.1:{port}/_localstack/health", 120):
        sys.exit("LocalStack did not start")
    return process, f"http://127.0.0.1:{port}"


def make_corpus(folder):
    """Three clips (2, 3, 5 s, 640x360), an MP3 and an SRT."""
    files = {}
    for seconds in (2, 3, 5):
        path = os.path.join(folder, f"clip{seconds}.mp4")
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi",
                        "-i", "sine=frequency=440:sample_rate=48000", "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast",
                        "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path], check=True)
        files[f"clip{seconds}"] = path
    mp3 = os.path.join(folder, "song.mp3")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=44100", "-t", "3",
                    "-c:a", "libmp3lame", "-b:a", "96k", mp3], check=True)
    files["song"] = mp3
    srt = os.path.join(folder, "captions.srt")
    with open(srt, "w") as handle:
        handle.write("1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n")
    files["captions"] = srt
    return files


def plan_uploads(run, count, corpus):
    """Half clips, a quarter MP3, a quarter SRT; each with its expected delivery keys."""
    uploads = []
    for index in range(count):
        kind = ("clip", "clip", "song", "captions")[index % 4]
        folder = f"load-{run}/{index:04d}"
        if kind == "clip":
            seconds = (2, 3, 5)[(index // 4) % 3]
            key, source = f"inputs/{folder}/clip.mp4", corpus[f"clip{seconds}"]
            expected = [f"original/{folder}/clip.mp4", f"audiovideo/{folder}/clip_360p.mp4", f"thumbnail/{folder}/clip.jpg", f"json/{folder}/clip.json"]
            metadata = f"json/{folder}/clip.json"
        elif kind == "song":
            key, source = f"inputs/{folder}/song.mp3", corpus["song"]
            expected = [f"original/{folder}/song.mp3", f"audiovideo/{folder}/song.mp3", f"json/{folder}/song.json"]
            metadata = f"json/{folder}/song.json"
        else:
            key, source = f"inputs/{folder}/captions.srt", corpus["captions"]
            expected = [f"original/{folder}/captions.srt", f"closed-caption/{folder}/captions.vtt", f"json/{folder}/captions.srt.json"]
            metadata = f"json/{folder}/captions.srt.json"
        uploads.append({"key": key, "source": source, "expected": expected, "metadata": metadata, "kind": kind})
    return uploads


def start_proxy(upstream, work, name):
    port = free_port()
    log = open(os.path.join(work, f"{name}.log"), "w")
    process = subprocess.Popen([sys.executable, os.path.join(HELPERS, "fault_proxy.py"), str(port), upstream], stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + 120  # only stops a hung start
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process, f"http://127.0.0.1:{port}"
        time.sleep(0.1)
    sys.exit("the fault proxy did not start")


def arm(proxy, spec):
    request = urllib.request.Request(proxy + "/__fault", data=json.dumps(spec).encode(), method="POST")
    urllib.request.urlopen(request, timeout=600).read()


def proxy_stats(proxy):
    return json.loads(urllib.request.urlopen(proxy + "/__stats", timeout=600).read())


class Worker:
    def __init__(self, binary, env, index, work):
        self.binary, self.index, self.work = binary, index, work
        self.env = dict(env, WORKER_ID=f"w{index}", WORK_DIR=env.get("WORK_DIR_OVERRIDE") or os.path.join(work, f"w{index}"))
        self.env.pop("WORK_DIR_OVERRIDE", None)
        self.logs = []
        self.process = None
        self.start()

    def start(self):
        log_path = os.path.join(self.work, f"w{self.index}-{len(self.logs)}.log")
        self.logs.append(log_path)
        self.process = subprocess.Popen([self.binary, "run"], env=self.env, stdout=open(log_path, "w"), stderr=subprocess.STDOUT)

    def rss_mib(self):
        try:
            with open(f"/proc/{self.process.pid}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            return None

    def log_text(self):
        return "".join(open(path).read() for path in self.logs)


def run(args):
    work = tempfile.mkdtemp(prefix="mw-reliability-")
    localstack = None
    endpoint = args.endpoint
    if not endpoint:
        localstack, endpoint = start_localstack(work)
    result = {"scenario": args.scenario, "workers": args.workers, "uploads": args.uploads}
    processes = []
    mounts = []
    try:
        corpus = make_corpus(work)
        run_id = uuid.uuid4().hex[:8]
        names = {"watch": f"rel-watch-{run_id}", "delivery": f"rel-out-{run_id}", "queue": f"rel-{run_id}"}
        base_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": work, "AWS_ENDPOINT_URL": endpoint,
                    "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1",
                    "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"}
        max_receive = 10 if args.scenario in ("disk-full", "faults", "s3-down", "kill") else 5
        setup = subprocess.run([args.binary, "setup", "--watch-bucket", names["watch"], "--destination-bucket", names["delivery"],
                                "--queue-name", names["queue"], "--max-receive-count", str(max_receive), "--visibility-timeout", "30"],
                               env=base_env, capture_output=True, text=True)
        if setup.returncode != 0:
            sys.exit(f"setup failed: {setup.stderr}")
        exports = dict(line[7:].split("=", 1) for line in setup.stdout.splitlines() if line.startswith("export "))
        session = boto3.session.Session(**CREDENTIALS)
        s3 = session.client("s3", endpoint_url=endpoint, config=Config(s3={"addressing_style": "path"}, max_pool_connections=16))
        sqs = session.client("sqs", endpoint_url=endpoint)
        s3.put_bucket_versioning(Bucket=names["delivery"], VersioningConfiguration={"Status": "Enabled"})

        env = dict(base_env, QUEUE_URL=exports["QUEUE_URL"], DESTINATION_BUCKET=names["delivery"], WATCH_BUCKET=names["watch"],
                   CONCURRENCY="1", QUEUE_WAIT_SECONDS="1", RETRY_DELAY_SECONDS="1", VISIBILITY_TIMEOUT="30",
                   X264_PRESET="ultrafast", MIN_FREE_DISK_MB="1", LOG_FORMAT="json", SHUTDOWN_GRACE_SECONDS="10",
                   LOG_LEVEL=os.environ.get("RELIABILITY_LOG_LEVEL", "info"),
                   # Claims on (LocalStack takes conditional writes), with a lease short enough that a
                   # killed worker's uploads are taken over within the run.
                   CLAIMS="on", CLAIM_LEASE_SECONDS="10")
        proxies = {}
        if args.scenario in ("faults", "s3-down"):
            for service in ("s3", "sqs"):
                process, url = start_proxy(endpoint, work, f"proxy-{service}")
                processes.append(process)
                proxies[service] = url
            env["AWS_ENDPOINT_URL_S3"] = proxies["s3"]
            env["AWS_ENDPOINT_URL_SQS"] = proxies["sqs"]
            if args.scenario == "faults":
                for url in proxies.values():
                    arm(url, {"mode": "random", "rates": {"503": 0.05, "reset": 0.02, "delay": 0.05}, "stall_seconds": 2})

        workers = []
        for index in range(args.workers):
            worker_env = env
            if args.scenario == "disk-full" and index == 0:
                disk = os.path.join(work, "disk")
                os.makedirs(disk, exist_ok=True)
                mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", disk], capture_output=True, text=True)
                if mounted.returncode != 0:
                    result["skipped"] = f"cannot mount a small tmpfs (needs root): {mounted.stderr.strip()}"
                    print(json.dumps(result))
                    return result
                mounts.append(disk)
                worker_env = dict(env, MIN_FREE_DISK_MB="0", WORK_DIR_OVERRIDE=os.path.join(disk, "w0"))
            workers.append(Worker(args.binary, worker_env, index, work))

        uploads = plan_uploads(run_id, args.uploads, corpus)
        uploaded_at = {}
        samples = []
        finished = threading.Event()
        kills = [0]
        fills = [0]

        def sample():
            while not finished.is_set():
                now = time.time()
                for worker in workers:
                    rss = worker.rss_mib()
                    if rss is not None:
                        samples.append((now, worker.index, len(worker.logs), rss))
                time.sleep(0.5)

        def running_job(worker):
            """Whether the worker's current process has logged a job start."""
            try:
                with open(worker.logs[-1]) as handle:
                    return '"message":"job started"' in handle.read()
            except OSError:
                return False

        def wait_until(predicate):
            while not finished.is_set():
                if predicate():
                    return True
                time.sleep(0.2)
            return False

        def chaos():
            if args.scenario == "s3-down":
                if not wait_until(lambda: any(running_job(worker) for worker in workers)):
                    return
                arm(proxies["s3"], {"mode": "down"})
                result["outage_started"] = time.time()
                time.sleep(args.outage_seconds)
                arm(proxies["s3"], {"mode": None})
            elif args.scenario == "disk-full":
                filler = os.path.join(work, "disk", "filler")
                while not finished.wait(2):
                    try:
                        with open(filler, "wb") as handle:
                            while True:
                                handle.write(b"\0" * (1 << 20))
                    except OSError:
                        fills[0] += 1
                    finished.wait(2)
                    os.remove(filler)
            elif args.scenario == "kill" and args.kills is not None:
                while kills[0] < args.kills:
                    if not wait_until(lambda: any(running_job(worker) for worker in workers)):
                        return
                    # Logs only grow, and only this thread restarts workers: the list is not empty.
                    victim = random.choice([worker for worker in workers if running_job(worker)])
                    victim.process.send_signal(signal.SIGKILL)
                    victim.process.wait()
                    kills[0] += 1
                    victim.start()
            elif args.scenario == "kill":
                while not finished.wait(args.kill_every):
                    victim = random.choice(workers)
                    victim.process.send_signal(signal.SIGKILL)
                    victim.process.wait()
                    kills[0] += 1
                    victim.start()

        threads = [threading.Thread(target=sample, daemon=True), threading.Thread(target=chaos, daemon=True)]
        for thread in threads:
            thread.start()
        started = time.time()

        if args.scenario == "twice":
            # The bucket's own notification is replaced by two identical copies of each event,
            # sent together: two workers receive one upload's event at the same instant.
            s3.put_bucket_notification_configuration(Bucket=names["watch"], NotificationConfiguration={})

        def put(upload):
            s3.upload_file(upload["source"], names["watch"], upload["key"])
            uploaded_at[upload["key"]] = time.time()
            if args.scenario == "twice":
                head = s3.head_object(Bucket=names["watch"], Key=upload["key"])
                record = {"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
                          "eventTime": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"), "eventName": "ObjectCreated:Put",
                          "s3": {"s3SchemaVersion": "1.0", "bucket": {"name": names["watch"], "arn": f"arn:aws:s3:::{names['watch']}"},
                                 "object": {"key": urllib.parse.quote_plus(upload["key"], safe="/"), "size": head["ContentLength"],
                                            "eTag": head["ETag"].strip('"'), "sequencer": "%016X" % int(time.time() * 1e6)}}}
                body = json.dumps({"Records": [record]})
                sqs.send_message_batch(QueueUrl=exports["QUEUE_URL"], Entries=[{"Id": "a", "MessageBody": body}, {"Id": "b", "MessageBody": body}])

        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(put, uploads))
        result["upload_seconds"] = round(time.time() - started, 1)

        status = {}
        deadline = time.time() + args.timeout
        prefix = f"json/load-{run_id}/"
        while time.time() < deadline and len(status) < len(uploads):
            keys = []
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=names["delivery"], Prefix=prefix):
                keys += [item["Key"] for item in page.get("Contents", [])]
            for key in keys:
                if key in status:
                    continue
                report = json.loads(s3.get_object(Bucket=names["delivery"], Key=key)["Body"].read())
                if report.get("status") in ("COMPLETE", "FAILED"):
                    status[key] = report
            time.sleep(1)
        elapsed = time.time() - started
        # Let the workers settle what they still hold (a killed worker's message comes back
        # after the visibility timeout and is then skipped as a duplicate).
        settle = time.time() + 45
        while time.time() < settle:
            counts = sqs.get_queue_attributes(QueueUrl=exports["QUEUE_URL"], AttributeNames=["All"])["Attributes"]
            if sum(int(counts.get(n, 0)) for n in ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed")) == 0:
                break
            time.sleep(1)
        finished.set()
        for worker in workers:
            worker.process.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.process.wait(timeout=600)
            except subprocess.TimeoutExpired:
                worker.process.kill()

        complete = [u for u in uploads if status.get(u["metadata"], {}).get("status") == "COMPLETE"]
        failed = [u for u in uploads if status.get(u["metadata"], {}).get("status") == "FAILED"]
        latencies = sorted(
            (datetime.fromisoformat(status[u["metadata"]]["finished_at"].replace("Z", "+00:00")).timestamp() - uploaded_at[u["key"]])
            for u in complete if status[u["metadata"]].get("finished_at"))
        versions = {}
        for page in s3.get_paginator("list_object_versions").paginate(Bucket=names["delivery"]):
            for version in page.get("Versions", []):
                # The worker's own state (claims) is not an output.
                if not version["Key"].startswith(".media-worker."):
                    versions[version["Key"]] = versions.get(version["Key"], 0) + 1
        expected = {key for u in uploads for key in u["expected"]}
        attributes = sqs.get_queue_attributes(QueueUrl=exports["QUEUE_URL"], AttributeNames=["All"])["Attributes"]
        dead = sqs.get_queue_attributes(QueueUrl=exports["DEAD_LETTER_QUEUE_URL"], AttributeNames=["All"])["Attributes"]
        left = sum(len(files) for worker in workers for _, _, files in os.walk(worker.env["WORK_DIR"]))
        logs = "".join(worker.log_text() for worker in workers)
        result.update({
            "complete": len(complete), "failed": len(failed), "lost": len(uploads) - len(complete) - len(failed),
            "missing_keys": sorted(expected - versions.keys())[:10], "extra_keys": sorted(versions.keys() - expected)[:10],
            "keys_written_more_than_once": sum(1 for key in expected if versions.get(key, 0) > 1),
            "written_more_than_once_examples": sorted(key for key in expected if versions.get(key, 0) > 1)[:10],
            "elapsed_seconds": round(elapsed, 1), "jobs_per_minute": round(len(complete) / elapsed * 60, 1),
            "latency_p50_seconds": round(statistics.median(latencies), 2) if latencies else None,
            "latency_p99_seconds": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 2) if latencies else None,
            "queue_left": sum(int(attributes.get(n, 0)) for n in ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")),
            "dead_letters": int(dead.get("ApproximateNumberOfMessages", 0)),
            "temp_files_left": left,
            "retried_jobs": logs.count('"outcome":"retried"'),
            "enospc_failures": logs.count("No space left on device") + logs.count("ENOSPC"),
            "kills": kills[0],
            "disk_fills": fills[0],
            "paused_for_disk": logs.count("short of space; not taking messages"),
            "deferred_by_claim": logs.count("job deferred"),
        })
        for service, url in proxies.items():
            result[f"faults_{service}"] = proxy_stats(url)
        # RSS after warm-up (the first third of the run) against the last sixth, per worker that ran throughout.
        growth = []
        for worker in workers:
            series = [(t, rss) for t, index, generation, rss in samples if index == worker.index and generation == 1]
            if len(worker.logs) > 1 or len(series) < 12:
                continue
            span = series[-1][0] - series[0][0]
            warm = [rss for t, rss in series if series[0][0] + span / 3 <= t <= series[0][0] + span / 2]
            late = [rss for t, rss in series if t >= series[-1][0] - span / 6]
            if warm and late:
                growth.append((max(warm), max(late)))
        if growth:
            result["rss_after_warmup_mib"] = round(max(w for w, _ in growth), 1)
            result["rss_end_mib"] = round(max(l for _, l in growth), 1)
            result["rss_growth_percent"] = round(max((l - w) / w * 100 for w, l in growth), 1)
        result["peak_rss_mib"] = round(max((rss for *_, rss in samples), default=0), 1)
    finally:
        for folder in mounts:
            subprocess.run(["umount", "-l", folder])
        for process in processes:
            process.terminate()
        if localstack:
            os.killpg(localstack.pid, signal.SIGTERM)
    text = json.dumps(result)
    print(text)
    if args.json:
        with open(args.json, "w") as handle:
            handle.write(text + "\n")
    return result


def main():
    # A parent such as the Swift test runner may start us with SIGTERM blocked; the workers'
    # graceful shutdown and the proxies' ends need it delivered.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT, signal.SIGHUP})
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--scenario", choices=["load", "faults", "s3-down", "kill", "disk-full", "twice"], default="load")
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--endpoint")
    parser.add_argument("--json")
    parser.add_argument("--outage-seconds", type=float, default=60)
    parser.add_argument("--kill-every", type=float, default=15)
    parser.add_argument("--kills", type=int, help="kill scenario: this many kills, each of a worker seen running a job")
    parser.add_argument("--timeout", type=float, default=1800)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
