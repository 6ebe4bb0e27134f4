"""make test-api: schemathesis against the real site, checked by its own OpenAPI document.

Serves the shipped content with gunicorn (2 workers) on a free 127.0.0.1 port from a temporary
SQLite database and search index, waits for /healthz, then runs schemathesis on
``/api/v1/openapi.json``: every documented operation gets the document's examples, boundary
and invalid values and random inputs. Fails on any 5xx, and on any answer whose status code,
content type or body the document does not describe. Requests go to 127.0.0.1 only (``--url``
overrides the document's server). Exits with schemathesis's status.

    tests/api/run_schemathesis.py [MAX_EXAMPLES]   (default 800 per operation; SEED=n to replay)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_schema_conformance")
DEFAULT_EXAMPLES = 800


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(work: Path, base: str) -> dict[str, str]:
    """A throwaway site: its own database, index and media; absolute URLs name this server."""
    return {**os.environ, "DATABASE_URL": f"sqlite:///{work}/api.sqlite3",
            "SEARCH_INDEX_DIR": str(work / "index"), "MEDIA_DIR": str(work / "media"),
            "SECRET_KEY": "api-fuzz-only", "SITE_URL": base, "LOG_FORMAT": "json"}


def serve(env: dict[str, str], port: int, log) -> subprocess.Popen:
    """Migrate, seed and load content/, then start gunicorn; return once /healthz answers."""
    subprocess.run([BIN / "flask", "--app", "cdd_click", "setup"], env=env, cwd=ROOT,
                   check=True, stdout=log, stderr=subprocess.STDOUT)
    server = subprocess.Popen(
        [BIN / "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT, stdout=log,
        stderr=subprocess.STDOUT,
        env={**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2",
             "GUNICORN_ACCESS_LOG": "/dev/null"})
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the site did not start; see the log above")


def schemathesis(base: str, max_examples: int) -> int:
    """Run schemathesis against ``base``; its exit status (0: no failure)."""
    command = [
        BIN / "schemathesis", "run", f"{base}/api/v1/openapi.json",
        "--url", base,  # only this server, whatever the document's `servers` say
        "--checks", CHECKS, "--max-examples", str(max_examples), "--workers", "2",
        "--request-timeout", "20", "--generation-database", "none", "--no-color",
    ]
    if os.environ.get("SEED"):
        command += ["--seed", os.environ["SEED"]]
    return subprocess.run(command, cwd=ROOT).returncode


def main() -> int:
    max_examples = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_EXAMPLES
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cdd-api-") as work:
        log_path = Path(work) / "site.log"
        with log_path.open("w") as log:
            try:
                server = serve(site_environment(Path(work), base), port, log)
            except (RuntimeError, subprocess.CalledProcessError):
                print(log_path.read_text()[-5000:], file=sys.stderr)
                return 1
            try:
                status = schemathesis(base, max_examples)
            finally:
                server.terminate()
                server.wait(timeout=30)
        if status != 0:
            errors = [line for line in log_path.read_text().splitlines() if "ERROR" in line]
            print("\n".join(["site log errors:", *errors[-20:]]), file=sys.stderr)
    print(f"make test-api: {'passed' if status == 0 else 'FAILED'} in "
          f"{time.monotonic() - started:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
