"""gunicorn's settings for ``make serve`` (``gunicorn -c config/gunicorn.py config.wsgi``).

Environment:
    WEB_CONCURRENCY   worker processes (default 1); more than one needs REDIS_URL
    GUNICORN_THREADS  threads per worker (default 1: gunicorn's sync workers; more: gthread)
    GUNICORN_TIMEOUT  seconds a worker may spend on one request before it is restarted (60)

The bind address comes from the command line (``make serve`` passes ``HOST:PORT``).
Every request is logged as one line on stdout, with its time in milliseconds.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
# One thread per worker process: the requests are CPU-bound Python, so threads share one
# core through the GIL; ``benchmarks/load_benchmark.py`` measured both (README, under load).
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# gunicorn's runtime control socket sits at one fixed path per user: two servers on one
# machine (a second instance, the tests) would fight over it, and nothing here uses it.
control_socket_disable = True

# Caches that live in one process's memory: with several workers, a write seen by one worker
# (which starts a new data generation) would leave the others serving pages from the old one.
PROCESS_LOCAL_CACHES = {"django.core.cache.backends.locmem.LocMemCache"}


def on_starting(server):
    """Refuse several workers on a process-local cache, before any worker starts."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"]
    if server.cfg.workers > 1 and backend in PROCESS_LOCAL_CACHES:
        raise SystemExit(
            f"Refusing to start {server.cfg.workers} workers on a process-local cache "
            f"({backend}): each worker would keep its own copy of cached pages and miss the "
            "others' updates. Set REDIS_URL to share one cache, or WEB_CONCURRENCY=1."
        )
