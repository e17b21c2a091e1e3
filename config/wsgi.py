import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Under `mcelink serve --production`, gunicorn imports this module once, in its master, and forks the web processes
# from it (--preload). The Korean analyser (about 500 MB) is loaded here, before the fork, so that every web process
# shares its pages (copy-on-write; they are only read) instead of loading its own copy at its first search.
if os.environ.get("MCELINK_PRELOAD_ENGINE") == "true":
    from mcelink.matching.analysis import analysis_warm

    analysis_warm()
