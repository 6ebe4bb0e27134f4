"""Real gunicorn servers for tests and benchmarks: a free port, a master started and awaited."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], log: IO, wait: float = 30) -> subprocess.Popen:
    """``gunicorn -c gunicorn.conf.py wsgi:app`` with ``env`` (its ``PORT`` included), output in
    ``log``; returns once ``/healthz`` answers, or after ``wait`` seconds."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    health = f"http://127.0.0.1:{env['PORT']}/healthz"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(health, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return process
