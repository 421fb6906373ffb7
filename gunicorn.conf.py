"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

The access log leaves out query strings: searches (`?q=Siân Llŷr`) and filters would
otherwise write people's names into the log on every request (README, "Logs").
"""

# %(U)s is the path without the query string; the rest is gunicorn's usual format.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
accesslog = "-"
workers = 4
bind = "127.0.0.1:8000"
timeout = 30


def post_worker_init(worker):
    """Keep what loading the app made out of the garbage collector's full collections.

    Loading the app leaves about 160,000 long-lived objects (modules, models, templates,
    fonts). Python's full collection walks every one of them: on this project's 2-core
    machine that stalled a request for 55-135 ms every 15-20 form posts. Frozen, they are
    never scanned (a full collection of what requests make takes well under a millisecond)
    and never freed, which they were not going to be anyway. See bench/RESULTS.md.
    """
    import gc

    gc.freeze()
