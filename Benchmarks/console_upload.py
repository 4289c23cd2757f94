"""Upload throughput through the console's page against `media-worker upload`.

console_upload.py BINARY [--mib 256]: starts LocalStack (the project's .venv-localstack) or
moto, a bucket, `media-worker console`; uploads one file of MIB MiB (random bytes) in
chromium through the upload page (8 MiB parts, 4 at a time, no throttling) and with
`media-worker upload` (16 MiB parts, 4 at a time); prints MiB/s for each (median of 3) and
checks each object's size. Not part of `make test`: docs/console.md quotes its figures.
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import boto3
from botocore.config import Config


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port):
    for _ in range(1200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--mib", type=int, default=256)
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    work = tempfile.mkdtemp(prefix="console-upload-")
    s3_port, console_port = free_port(), free_port()
    endpoint = "http://127.0.0.1:%d" % s3_port
    processes = []
    localstack = os.path.join(root, ".venv-localstack/bin/python")
    try:
        if os.path.exists(localstack):
            env = dict(os.environ, GATEWAY_LISTEN="127.0.0.1:%d" % s3_port, SERVICES="s3", LOCALSTACK_VOLUME_DIR=work, FILESYSTEM_ROOT=work,
                       DISABLE_EVENTS="1", SKIP_SSL_CERT_DOWNLOAD="1")
            processes.append(subprocess.Popen([localstack, "-m", "localstack.runtime.main"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            server = "LocalStack"
        else:
            processes.append(subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            server = "moto"
        wait_port(s3_port)
        for _ in range(600):
            if subprocess.run(["curl", "-sf", "-o", "/dev/null", endpoint + ("/_localstack/health" if server == "LocalStack" else "/moto-api/")]).returncode == 0:
                break
            time.sleep(0.1)
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test",
                          config=Config(s3={"addressing_style": "path"}))
        s3.create_bucket(Bucket="watch")
        data = os.path.join(work, "upload.bin")
        with open(data, "wb") as f:
            for _ in range(args.mib):
                f.write(os.urandom(1 << 20))
        size = os.path.getsize(data)
        hash_ = subprocess.run([args.binary, "console", "--hash-password"], input=b"bench\n", capture_output=True, check=True).stdout.decode().strip()
        users = os.path.join(work, "users")
        open(users, "w").write("bench:operator:%s\n" % hash_)
        aws = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_REGION="us-east-1",
                   AWS_EC2_METADATA_DISABLED="true")
        environment = dict(aws, DESTINATION_BUCKET="watch", WATCH_BUCKET="watch", CONSOLE_USERS_FILE=users, CONSOLE_INSECURE_COOKIE="true",
                           CONSOLE_LISTEN="127.0.0.1:%d" % console_port)
        processes.append(subprocess.Popen([args.binary, "console"], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_port(console_port)
        cli = []
        for attempt in range(3):
            started = time.time()
            subprocess.run([args.binary, "upload", data, "s3://watch/cli/%d.bin" % attempt], env=aws, check=True, capture_output=True)
            cli.append(size / (1 << 20) / (time.time() - started))
            assert s3.head_object(Bucket="watch", Key="cli/%d.bin" % attempt)["ContentLength"] == size
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage"]:
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        url = "http://127.0.0.1:%d" % console_port
        driver.get(url + "/login")
        driver.find_element("id", "user").send_keys("bench")
        driver.find_element("id", "password").send_keys("bench")
        driver.find_element("id", "sign-in").click()
        time.sleep(1)
        browser = []
        for attempt in range(3):
            copy = os.path.join(work, "browser-%d.bin" % attempt)
            os.link(data, copy)
            driver.get(url + "/upload")
            started = time.time()
            driver.find_element("id", "file-input").send_keys(copy)
            while not driver.execute_script("const u = Upload.uploads[0]; return u && (u.state === 'done' || u.state.startsWith('failed'))"):
                time.sleep(0.05)
            browser.append(size / (1 << 20) / (time.time() - started))
            assert driver.execute_script("return Upload.uploads[0].state") == "done"
            assert s3.head_object(Bucket="watch", Key="inputs/browser-%d.bin" % attempt)["ContentLength"] == size
        driver.quit()
        print("| %d MiB to %s | median of 3 |" % (args.mib, server))
        print("|---|---|")
        print("| media-worker upload (16 MiB parts, 4 at once) | %.0f MiB/s |" % statistics.median(cli))
        print("| the console's upload page in chromium (8 MiB parts, 4 at once) | %.0f MiB/s |" % statistics.median(browser))
    finally:
        for process in processes:
            process.terminate()
            process.wait()


if __name__ == "__main__":
    main()
