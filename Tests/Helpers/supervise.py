#!/usr/bin/env python3
"""Runs a server for the tests and stops it when the test process goes away.

usage: supervise.py PARENT_PID -- COMMAND [ARGS...]

The command runs in its own process group. It is stopped (SIGTERM, then SIGKILL) when
this supervisor gets SIGTERM/SIGINT or when PARENT_PID no longer exists, so a crashed or
killed test run never leaves servers behind.
"""
import os
import signal
import subprocess
import sys
import time

# Pipes the test process had open when it spawned us (another test's ffmpeg output, say)
# would stay open for the server's lifetime and that test would wait forever for EOF.
os.closerange(3, os.sysconf("SC_OPEN_MAX"))

parent = int(sys.argv[1])
command = sys.argv[sys.argv.index("--") + 1:]
child = subprocess.Popen(command, start_new_session=True)


def stop(*_):
    try:
        os.killpg(child.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        child.wait(5)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
while True:
    code = child.poll()
    if code is not None:
        sys.exit(code)
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        stop()
    time.sleep(0.3)
