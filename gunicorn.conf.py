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
