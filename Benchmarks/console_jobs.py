"""Page load times of the console's jobs page with 10,000 jobs.

console_jobs.py BINARY [--jobs 10000]: starts moto, writes JOBS job records (boto3, 16
threads), starts `media-worker console` on them, waits until its index holds them all, then
times GET /jobs (page 1, a middle page, a filter with a search) and /api/jobs with curl
(median of 20), and the first page in chromium (navigation start to load end, median of 5).
Prints a Markdown table. Not part of `make test`: docs/console.md quotes its figures.
"""
import argparse
import concurrent.futures
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

import boto3
from botocore.config import Config


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--jobs", type=int, default=10000)
    args = parser.parse_args()
    venv = os.path.dirname(sys.executable)
    work = tempfile.mkdtemp(prefix="console-bench-")
    moto_port, console_port = free_port(), free_port()
    endpoint = "http://127.0.0.1:%d" % moto_port
    processes = []
    try:
        processes.append(subprocess.Popen([os.path.join(venv, "moto_server"), "-H", "127.0.0.1", "-p", str(moto_port)],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", moto_port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test",
                          config=Config(s3={"addressing_style": "path"}, max_pool_connections=32))
        s3.create_bucket(Bucket="delivery")
        statuses = ["COMPLETE", "FAILED", "COMPLETE", "IGNORED"]

        def put(number):
            record = {"schema_version": 1, "status": statuses[number % 4], "input": {"key": "inputs/show/clip-%d.mp4" % number, "bytes": number},
                      "outputs": [], "started_at": "2026-12-01T%02d:%02d:%02dZ" % (number // 3600 % 24, number // 60 % 60, number % 60), "worker": "bench"}
            if record["status"] == "FAILED":
                record["error"] = {"code": "not_media", "message": "not a media file"}
            s3.put_object(Bucket="delivery", Key="json/show/clip-%d.json" % number, Body=json.dumps(record).encode())

        started = time.time()
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            list(pool.map(put, range(args.jobs)))
        seeded = time.time() - started
        users = os.path.join(work, "users")
        hash_ = subprocess.run([args.binary, "console", "--hash-password"], input=b"bench\n", capture_output=True, check=True).stdout.decode().strip()
        open(users, "w").write("bench:viewer:%s\n" % hash_)
        environment = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_REGION="us-east-1",
                           AWS_EC2_METADATA_DISABLED="true", DESTINATION_BUCKET="delivery", CONSOLE_USERS_FILE=users, CONSOLE_INSECURE_COOKIE="true",
                           CONSOLE_LISTEN="127.0.0.1:%d" % console_port, CONSOLE_APPLY_CORS="false")
        started = time.time()
        processes.append(subprocess.Popen([args.binary, "console"], env=environment, stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "console.log"), "w")))
        url = "http://127.0.0.1:%d" % console_port
        jar = os.path.join(work, "cookies")
        for _ in range(600):
            if subprocess.run(["curl", "-s", "-o", "/dev/null", url + "/login"]).returncode == 0:
                break
            time.sleep(0.1)
        page = subprocess.run(["curl", "-s", "-c", jar, url + "/login"], capture_output=True).stdout.decode()
        token = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        subprocess.run(["curl", "-s", "-o", "/dev/null", "-b", jar, "-c", jar, "--data", "csrf=%s&user=bench&password=bench" % token, url + "/login"], check=True)
        while True:
            total = json.loads(subprocess.run(["curl", "-s", "-b", jar, url + "/api/jobs"], capture_output=True).stdout or b"{}").get("total", 0)
            if total >= args.jobs:
                break
            time.sleep(0.5)
        indexed = time.time() - started

        def curl_time(path):
            times = []
            for _ in range(20):
                out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-b", jar, "-w", "%{time_total}", url + path], capture_output=True).stdout.decode()
                times.append(float(out) * 1000)
            return statistics.median(times)

        rows = [("GET /jobs (page 1)", "/jobs"), ("GET /jobs?page=100", "/jobs?page=100"),
                ("GET /jobs?status=failed&q=clip-99", "/jobs?status=failed&q=" + urllib.parse.quote("clip-99")), ("GET /api/jobs (the live update)", "/api/jobs")]
        print("| %d jobs | median of 20 |" % args.jobs)
        print("|---|---|")
        for name, path in rows:
            print("| %s | %.1f ms |" % (name, curl_time(path)))
        try:
            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service
            options = webdriver.ChromeOptions()
            options.binary_location = "/usr/bin/chromium"
            for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage"]:
                options.add_argument(argument)
            driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
            driver.get(url + "/login")
            driver.find_element("id", "user").send_keys("bench")
            driver.find_element("id", "password").send_keys("bench")
            driver.find_element("id", "sign-in").click()
            time.sleep(1)
            loads = []
            for _ in range(5):
                driver.get(url + "/jobs")
                loads.append(driver.execute_script("const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd - t.startTime"))
            driver.quit()
            print("| chromium: /jobs navigation to load end | %.1f ms |" % statistics.median(loads))
        except Exception as error:  # the browser figure is optional
            print("| chromium | not measured: %s |" % error)
        print("\nseeded %d records in %.0f s; the console indexed them %.0f s after it started" % (args.jobs, seeded, indexed))
    finally:
        for process in processes:
            process.terminate()
            process.wait()


if __name__ == "__main__":
    main()
