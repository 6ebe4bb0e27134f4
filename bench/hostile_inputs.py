"""Hostile inputs against a running site: NUL and other control characters in paths, query
strings and forms, second spellings of staff pages, Host-header redirects and odd methods.

Each request goes out through ``http.client`` exactly as written (no client re-encodes it), and
its answer is checked against what the site must do: a Thai 404, a page, a redirect onto
``SITE_URL``, never a 5xx. ``input_family(base, site_url)`` returns one row per request; run
alone (``python bench/hostile_inputs.py http://127.0.0.1:8000``) it prints the table against a
site that is already running and exits non-zero when any row fails.
"""

from __future__ import annotations

import http.client
import sys
import time
from urllib.parse import urlsplit

# (method, raw target, extra headers, what must come back: a status or a set of statuses)
CASES: list[tuple[str, str, dict[str, str], set[int]]] = [
    ("GET", "/villages/%00", {}, {404}),
    ("GET", "/listings/%00", {}, {404}),
    ("GET", "/articles/%00", {}, {404}),
    ("GET", "/maps/villages/%00", {}, {404}),
    ("GET", "/en/villages/%01", {}, {404}),
    ("GET", "/articles/?category=%00", {}, {200}),
    ("GET", "/search?q=x%00", {}, {200}),
    ("GET", "/search?q=%ff%fe%00", {}, {200}),
    ("GET", "/api/v1/search?q=%00%01%02", {}, {200}),
    ("GET", "/api/v1/suggest?q=%00", {}, {200}),
    ("GET", "/listings/?kind=%00&province=%00", {}, {200}),
    ("GET", "/villages/?page=%00", {}, {200}),
    ("GET", "/%61dmin/users/", {}, {404}),
    ("GET", "//admin/users/", {}, {404}),
    ("GET", "/en//admin/users/", {}, {404}),
    ("GET", "/admin/%75sers/", {}, {404}),
    ("GET", "/villages", {"Host": "evil.example"}, {308}),
    ("TRACE", "/villages/", {}, {405}),
    ("GET", "/villages/", {"X-Forwarded-Proto": "https"}, {200}),  # not from a trusted proxy
    ("POST", "/admin/login", {"Content-Type": "application/x-www-form-urlencoded"}, {400}),
]
FORM_WITH_NUL = "email=a%00b%40cdd.go.th&password=x%00&csrf_token=%00"


def _send(base: str, method: str, target: str, headers: dict[str, str]):
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    body = FORM_WITH_NUL if method == "POST" else None
    started = time.perf_counter()
    try:
        connection.putrequest(method, target, skip_host="Host" in headers)
        for name, value in headers.items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body.encode() if body is not None else None)
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders()), (time.perf_counter() - started) * 1000
    finally:
        connection.close()


def input_family(base: str, site_url: str) -> list[dict]:
    """One row per hostile request: what it was, what came back, and whether that is right."""
    rows = []
    for method, target, headers, wanted in CASES:
        status, answer, ms = _send(base, method, target, headers)
        ok = status in wanted
        note = ""
        if status in (301, 302, 303, 307, 308):
            location = answer.get("Location", "")
            ok = ok and location.startswith(site_url) and "evil.example" not in location
            note = location
        if status == 405:
            ok = ok and "GET" in answer.get("Allow", "")
            note = "Allow: " + answer.get("Allow", "")
        if "X-Forwarded-Proto" in headers:  # believed, it would turn on HSTS over plain http
            ok = ok and "Strict-Transport-Security" not in answer
            note = "HSTS" if "Strict-Transport-Security" in answer else "no HSTS"
        if target.lstrip("/").split("/", 1)[0] in ("admin", "%61dmin", "") and "admin" in target:
            ok = ok and "no-store" in answer.get("Cache-Control", "")
        extra = " Host: evil" if "Host" in headers else (
            " X-Forwarded-Proto" if "X-Forwarded-Proto" in headers else "")
        rows.append({"request": f"{method} {target}{extra}",
                     "status": status, "ms": ms, "ok": ok and status < 500, "note": note})
    return rows


def print_rows(rows: list[dict]) -> bool:
    """Print the table; True when every row is as it must be."""
    print(f"{'request':44}{'status':>7}{'ms':>8}  result")
    for row in rows:
        print(f"{row['request'][:44]:44}{row['status']:7d}{row['ms']:8.1f}  "
              f"{'ok' if row['ok'] else 'WRONG'} {row['note']}")
    met = all(row["ok"] for row in rows)
    print(f"target: every hostile input answered as it must, no 5xx: {'met' if met else 'MISSED'}")
    return met


if __name__ == "__main__":
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    site = sys.argv[2] if len(sys.argv) > 2 else base
    sys.exit(0 if print_rows(input_family(base, site)) else 1)
