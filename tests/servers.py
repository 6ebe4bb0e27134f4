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


def start_gunicorn(env: dict[str, str], log: IO, wait: float = 90) -> subprocess.Popen:
    """``gunicorn -c gunicorn.conf.py wsgi:app`` with ``env`` (its ``PORT`` included), output in
    ``log``; returns once ``/healthz`` answers. A master that exits, or is not answering after
    ``wait`` seconds (a loaded machine starts slowly: the wait is a bound, not a target), is
    stopped and reported with the end of its log."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    health = f"http://127.0.0.1:{env['PORT']}/healthz"
    deadline = time.monotonic() + wait
    while process.poll() is None and time.monotonic() < deadline:
        try:
            urllib.request.urlopen(health, timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    state = "exited" if process.poll() is not None else f"not answering after {wait:.0f} s"
    process.kill()
    process.wait()
    log.flush()
    tail = Path(log.name).read_text(errors="replace")[-3000:] if hasattr(log, "name") else ""
    raise RuntimeError(f"gunicorn {state} on port {env['PORT']}:\n{tail}")
