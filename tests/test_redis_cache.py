"""CACHE_URL=redis://… gives Django's built-in RedisCache, with the pinned `redis` client (issue 14: the production
topology's shared cache). Runs against the local Redis; skipped, saying so, where none answers."""

import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def redis_reachable() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    not redis_reachable(), reason=f"no Redis answers on {REDIS_HOST}:{REDIS_PORT} (CI and the dev machine run one)"
)

# In a fresh process, because CACHE_URL is read once, at start-up (the test settings would use local memory).
ROUND_TRIP = """
import json, sys, django
django.setup()
from django.conf import settings
from django.core.cache import cache
key = sys.argv[1]
cache.set(key, {"둘": [1, 2]}, timeout=60)
first = cache.get(key)
cache.add(key + ":n", 41)
cache.incr(key + ":n")
counter = cache.get(key + ":n")
cache.delete_many([key, key + ":n"])
print(json.dumps({"backend": settings.CACHES["default"]["BACKEND"], "location": settings.CACHES["default"]["LOCATION"],
                  "first": first, "counter": counter, "after_delete": cache.get(key)}))
"""


def test_cache_url_redis_stores_and_reads_values_through_django_s_redis_cache(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MCELINK_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        MCELINK_TESTING="false",
        MCELINK_VAR_DIR=str(tmp_path),
        CACHE_URL=f"redis://{REDIS_HOST}:{REDIS_PORT}/1",
    )
    key = f"mcelink-test-{uuid.uuid4().hex}"
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", ROUND_TRIP, key], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {
        "backend": "django.core.cache.backends.redis.RedisCache",
        "location": f"redis://{REDIS_HOST}:{REDIS_PORT}/1",
        "first": {"둘": [1, 2]},
        "counter": 42,
        "after_delete": None,
    }
