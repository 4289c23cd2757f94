"""What both benchmark scripts share: paths, process measurement and a local moto server."""
import os
import shutil
import signal
import socket
import tempfile
import urllib.request
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.environ.get("MEDIA_WORKER_VENV", os.path.join(ROOT, ".venv"))
PYTHON = os.path.join(VENV, "bin", "python")
BINARY = os.environ.get("MEDIA_WORKER_BIN", os.path.join(ROOT, ".build", "release", "media-worker"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(command, env=None):
    """Runs a command; returns (wall seconds, cpu seconds, peak RSS MiB, stderr) via wait4()."""
    start = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    stderr = process.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed: {stderr}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stderr


def bench_bucket(endpoint):
    """Creates the bucket `bench` on a server; the environment that points clients at it."""
    subprocess.run([PYTHON, "-c", "import sys,boto3; boto3.client('s3',endpoint_url=sys.argv[1],region_name='us-east-1',"
                    "aws_access_key_id='b',aws_secret_access_key='b').create_bucket(Bucket='bench')", endpoint], check=True)
    return dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
                AWS_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")


class Moto:
    """moto server (no signature checks) on a free loopback port with a bucket `bench`;
    `env` holds the AWS settings that point media-worker and boto3 at it."""

    def __enter__(self):
        port = free_port()
        self.endpoint = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen([os.path.join(VENV, "bin", "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        self.env = bench_bucket(self.endpoint)
        return self

    def __exit__(self, *_):
        self.process.terminate()
        self.process.wait()


class LocalStack:
    """LocalStack (S3 only, in .venv-localstack) on a free loopback port with a bucket
    `bench`; same interface as Moto."""

    def __enter__(self):
        venv = os.environ.get("MEDIA_WORKER_LOCALSTACK_VENV", os.path.join(ROOT, ".venv-localstack"))
        port = free_port()
        self.endpoint = f"http://127.0.0.1:{port}"
        self.data = tempfile.mkdtemp(prefix="mw-bench-ls-")
        env = dict(os.environ, GATEWAY_LISTEN=f"127.0.0.1:{port}", SERVICES="s3", LOCALSTACK_VOLUME_DIR=self.data,
                   FILESYSTEM_ROOT=self.data, DISABLE_EVENTS="1", SKIP_SSL_CERT_DOWNLOAD="1")
        self.process = subprocess.Popen([os.path.join(venv, "bin", "python"), "-m", "localstack.runtime.main"], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(self.endpoint + "/_localstack/health", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit("LocalStack did not start within 120 s")
                time.sleep(0.2)
        self.env = bench_bucket(self.endpoint)
        return self

    def __exit__(self, *_):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait()
        shutil.rmtree(self.data, ignore_errors=True)


def print_table(rows, cpu="CPU s", note="vs reference (wall / CPU / RSS)", targets=None):
    """Prints rows of (benchmark, tool, wall s, CPU, peak RSS MiB, note) as one aligned table,
    then the targets line. `cpu` names the CPU column (CPU s, CPU s/GiB)."""
    name_width = max([len("benchmark")] + [len(row[0]) for row in rows]) + 1
    tool_width = max([len("tool")] + [len(row[1]) for row in rows]) + 1
    cpu_width = max(8, len(cpu))
    print()
    print(f"{'benchmark':<{name_width}} {'tool':<{tool_width}} {'wall s':>8} {cpu:>{cpu_width}} {'peak RSS MiB':>13}  {note}")
    for name, tool, wall, cpu_value, rss, row_note in rows:
        print(f"{name:<{name_width}} {tool:<{tool_width}} {wall:>8.2f} {cpu_value:>{cpu_width}.2f} {rss:>13.1f}  {row_note}")
    if targets:
        print(targets)
