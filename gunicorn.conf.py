"""gunicorn settings for Click ชุมชน: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Every value can be overridden from the environment (HOST, PORT, WEB_CONCURRENCY, ...).
"""

import gc
import multiprocessing
import os

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
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    """Freeze what the master holds (the app, PyThaiNLP's word lists: ~140,000 objects) out of
    the garbage collector's reach before each fork. A worker's full collections then walk only
    its own objects (one over the whole heap took ~110 ms, a stall in the middle of a request),
    and leave the shared pages unwritten, so they stay shared."""
    gc.freeze()
