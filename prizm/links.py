"""URLs of sources and links: the comparison key that detects duplicates (and decides which links an
article may keep), and the cleaned URL that is stored. Pure Python: used by the registry (`sources`),
the markdown renderer and the gate alike.

`normalize_url` — the key (`Source.normalized_url`, unique): scheme-insensitive (http:// and https://
of one address are the same source, and the key is written with https://), host lower-cased, IDN host
in punycode, "www." dropped, default port dropped, fragment dropped, trailing slash dropped, tracking
parameters (utm_*, fbclid, gclid, xtor…) removed, remaining query parameters sorted.

`clean_url` — what is stored in `Source.url` and shown everywhere (studio, public references, feeds,
API, exports): the URL as the editor typed it, minus its tracking parameters. Nothing else is
rewritten, since the typed form is the one known to work (the scheme stays: a site may not serve
https; "www." and the trailing slash stay: some servers need them).
"""

from urllib.parse import parse_qsl, quote, unquote, unquote_plus, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "mtm_", "pk_")
TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid",
    "_hsenc", "_hsmi", "ref_src", "xtor", "_ga", "_gl", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id",
    "wt_mc", "at_medium", "at_campaign",
}
HTTP_SCHEMES = ("http", "https")


def _host(parts) -> str:
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    if host.startswith("www."):
        host = host[4:]
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    scheme = parts.scheme.lower()
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    return host


def is_tracking_param(name: str) -> bool:
    name = name.lower()
    return name.startswith(TRACKING_PREFIXES) or name in TRACKING_PARAMS


def normalize_url(url: str) -> str:
    parts = urlsplit((url or "").strip())
    scheme = parts.scheme.lower()
    if scheme in HTTP_SCHEMES:
        # One document whatever the scheme it was typed with. `_host` drops the default port of the
        # scheme typed, so http://x:80 and https://x:443 are both "https://x".
        scheme = "https"
    # Same escaping whatever the editor pasted: "%C3%A9" and "é" are one path.
    path = quote(unquote(parts.path or "/"), safe="/:@!$&'()*+,;=-._~")
    path = path.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking_param(k)]
    return urlunsplit((scheme, _host(parts), path, urlencode(sorted(query)), ""))


def _without_tracking(params: str) -> str:
    """`a=1&utm_source=x&b=2` → `a=1&b=2`, the kept pieces left exactly as typed and in their order."""
    kept = [
        piece for piece in params.split("&")
        if piece and not is_tracking_param(unquote_plus(piece.split("=", 1)[0]).strip())
    ]
    return "&".join(kept)


def clean_url(url: str) -> str:
    """The URL to store: as typed (trimmed), without tracking parameters.

    Fragment: kept, because it may point readers to the exact place the source speaks of ("#page=12"
    in a PDF, "#section-3" in a report); but a fragment that carries tracking parameters (French media
    put AT Internet's "#xtor=RSS-3" there) loses them, and disappears if nothing else is left.
    Anything that is not an http(s) URL is returned trimmed and untouched (validation refuses it).
    """
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in HTTP_SCHEMES or not parts.netloc:
        return url
    query = _without_tracking(parts.query)
    fragment = parts.fragment
    if "=" in fragment:  # a fragment written like a query string ("#xtor=RSS-3", "#page=12&zoom=80")
        fragment = _without_tracking(fragment)
    if query == parts.query and fragment == parts.fragment:
        return url  # nothing to remove: keep the exact text (urlunsplit would drop a bare "?" or "#")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, fragment))
