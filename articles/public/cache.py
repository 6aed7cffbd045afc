"""Every caching rule of the public site, in one place.

- Generation: every cached public page belongs to a generation; publish, unpublish and expiry start a
  new one (`public_cache_invalidate`, called by the workflow after commit).
- Page cache: `public_page` keeps a view's 200 responses per worker (and in Redis when the cache is
  remote), keyed by path, listed query parameters and language.
- Headers: `finish_public_response` sets the ETag, Last-Modified, `Cache-Control: public` (short
  browser and shared max-age) and Vary, and answers 304 to a conditional GET that is still fresh.
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

# Every cached public page belongs to a generation; publish/unpublish/expiry start a new one. The
# generation combines a file stamp under PRIZM_VAR_DIR (seen at once by every process of this
# machine, whatever the cache backend: the embedded default is a per-process locmem cache) and a
# value in the shared cache (seen by every machine when CACHE_URL is Redis). With a remote cache,
# each process re-reads the shared value at most every SHARED_GENERATION_TTL seconds, so a cache
# hit costs no network round trip; other machines see a publication within that delay.

GENERATION_KEY = "public:generation"
SHARED_GENERATION_TTL = 1.0
_shared_generation = {"value": None, "read_at": 0.0}


@functools.cache
def _stamp_path() -> str:
    return str(settings.VAR_DIR / "public-cache.stamp")


def _file_stamp() -> int:
    try:
        return os.stat(_stamp_path()).st_mtime_ns
    except OSError:
        return 0


def cache_is_remote() -> bool:
    return not isinstance(caches["default"], LocMemCache)


def public_cache_generation() -> str:
    """The current generation of public pages (see above)."""
    now = time.monotonic()
    if _shared_generation["value"] is not None and cache_is_remote() \
            and now - _shared_generation["read_at"] < SHARED_GENERATION_TTL:
        return f"{_file_stamp()}:{_shared_generation['value']}"
    shared = cache.get(GENERATION_KEY)
    if shared is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        shared = cache.get(GENERATION_KEY)
    _shared_generation.update(value=shared, read_at=now)
    return f"{_file_stamp()}:{shared}"


def public_cache_invalidate(*, article=None) -> None:
    """Called by the workflow after publish/unpublish/expiry: every cached public page goes."""
    path = _stamp_path()
    with open(path, "a"):
        pass
    stamp = max(os.stat(path).st_mtime_ns + 1, time.time_ns())
    os.utime(path, ns=(stamp, stamp))
    value = uuid.uuid4().hex
    cache.set(GENERATION_KEY, value, None)
    _shared_generation.update(value=value, read_at=time.monotonic())


# --- Pages and headers ---------------------------------------------------------------------------

BROWSER_MAX_AGE = 60
SHARED_MAX_AGE = 300
SERVER_TTL = 600
PUBLIC_CACHE_CONTROL = f"public, max-age={BROWSER_MAX_AGE}, s-maxage={SHARED_MAX_AGE}"


def _etag(content: bytes) -> str:
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


PUBLIC_VARY = "Accept-Language, Cookie"


def finish_public_response(request, response, *, last_modified: float | None = None):
    """Headers of a public response: ETag, Last-Modified, Cache-Control, Vary; 304 when fresh."""
    if response.status_code != 200 or response.streaming:
        return response
    etag = response.get("ETag") or _etag(response.content)
    response["ETag"] = etag
    if last_modified and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)


# Pages are kept in process (a dict per worker, entries tagged with their generation): a hit costs
# no query, no unpickling and, with a remote cache (Redis), no network round trip. With Redis they
# are also stored there, so the other workers and machines share the rendering work.
LOCAL_PAGES_MAX = 200
_local_pages: dict[str, dict] = {}


def _cached_entry(key: str) -> tuple[dict | None, str]:
    """(entry or None, current generation) for the page cache `key`."""
    generation = public_cache_generation()
    entry = _local_pages.get(key)
    if entry is not None and entry["generation"] == generation:
        return entry, generation
    if cache_is_remote():
        entry = cache.get(key)
        if entry is not None and entry["generation"] == generation:
            _remember(key, entry)
            return entry, generation
    return None, generation


def _remember(key: str, entry: dict) -> None:
    if len(_local_pages) >= LOCAL_PAGES_MAX:
        _local_pages.clear()
    _local_pages[key] = entry


def public_page(*, params: tuple[str, ...] = ()):
    """Cache the view's 200 responses, keyed by path, the listed query parameters (others are ignored,
    so random parameters cannot flood the cache) and the language. Headers are stored ready to send."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
            query = "&".join(f"{p}={request.GET.get(p, '')}" for p in params) if params else ""
            raw_key = f"{language}|{request.path}|{query}"
            key = "public:page:" + hashlib.md5(raw_key.encode(), usedforsecurity=False).hexdigest()
            entry, generation = _cached_entry(key)
            if entry is None:
                response = view(request, *args, **kwargs)
                if getattr(response, "is_rendered", True) is False:
                    response.render()  # TemplateResponse (sitemap)
                if response.status_code != 200 or response.streaming:
                    return response
                last_modified = getattr(response, "public_last_modified", None)
                headers = {"Content-Type": response["Content-Type"], "ETag": _etag(response.content),
                           "Cache-Control": PUBLIC_CACHE_CONTROL, "Vary": PUBLIC_VARY}
                for header in ("Last-Modified", "Access-Control-Allow-Origin"):
                    if response.has_header(header):
                        headers[header] = response[header]
                if last_modified and "Last-Modified" not in headers:
                    headers["Last-Modified"] = http_date(last_modified)
                entry = {"generation": generation, "content": response.content, "headers": headers,
                         "last_modified": last_modified}
                _remember(key, entry)
                if cache_is_remote():
                    cache.set(key, entry, SERVER_TTL)
            response = HttpResponse(entry["content"], headers=entry["headers"])
            if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
                return get_conditional_response(
                    request, etag=entry["headers"]["ETag"], last_modified=entry["last_modified"], response=response
                )
            return response

        wrapper.uncached = view
        return wrapper

    return decorator
