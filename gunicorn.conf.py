"""gunicorn settings for Click ชุมชน: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Every value can be overridden from the environment (HOST, PORT, WEB_CONCURRENCY, ...).
"""

import gc
import multiprocessing
import os
import re

from gunicorn import glogging

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers: CPU-bound Thai segmentation and page rendering; two per core plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Load the app (and PyThaiNLP's word lists, ~100 MB) once in the master; workers share the pages.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# The one log line of each request (the app adds none): request, status, bytes, milliseconds and
# the app's request id, which its own log lines carry too. No client address: nothing personal
# about visitors is stored (PDPA); the login limit keeps its counts elsewhere, for minutes.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms "%({x-request-id}o)s"'
errorlog = "-"

# Forwarded headers are believed only from the proxies the app trusts (TRUSTED_PROXIES, and
# loopback with PROXY_FIX=1: cdd_click/proxies.py reads the same two settings). Unset, gunicorn
# believes no X-Forwarded-Proto either: HSTS, Secure cookies and https redirects follow the real
# connection, not a header anyone can send.
_trusted = [entry.strip() for entry in os.environ.get("TRUSTED_PROXIES", "").split(",")
            if entry.strip()]
if os.environ.get("PROXY_FIX", "") == "1":
    _trusted += [address for address in ("127.0.0.1", "::1") if address not in _trusted]
forwarded_allow_ips = ",".join(_trusted)
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"} if _trusted else {}


class PrivateLogger(glogging.Logger):
    """gunicorn's logger without client addresses (PDPA): its "Invalid request from ip=…" and
    any other line naming an address say ``ip=-`` instead."""

    _ADDRESS = re.compile(r"ip=\S*?(?=:?\s|:?$)|\b\d{1,3}(?:\.\d{1,3}){3}\b"  # ip=…, IPv4
                          r"|\b(?:[0-9a-f]{1,4}:){4,7}[0-9a-f]{1,4}\b"  # IPv6, in full
                          r"|[0-9a-f]{0,4}::[0-9a-f:.]*[0-9a-f]", re.IGNORECASE)  # IPv6 with ::

    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(self._scrub)

    @classmethod
    def _scrub(cls, record) -> bool:
        message = record.getMessage()
        if not message.startswith("Listening at"):  # our own bind address, not a client's
            record.msg, record.args = cls._ADDRESS.sub("ip=-", message), ()
        return True


logger_class = PrivateLogger


def pre_fork(server, worker):
    """Freeze what the master holds (the app, PyThaiNLP's word lists: ~140,000 objects) out of
    the garbage collector's reach before each fork. A worker's full collections then walk only
    its own objects (one over the whole heap took ~110 ms, a stall in the middle of a request),
    and leave the shared pages unwritten, so they stay shared."""
    gc.freeze()
