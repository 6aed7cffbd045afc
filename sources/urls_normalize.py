"""The canonical form of a source URL, used to detect duplicates (the URL editors typed is kept as is).

Rules: scheme and host lower-cased, IDN host in punycode, "www." dropped, default port dropped,
fragment dropped, trailing slash dropped, tracking parameters (utm_*, fbclid, gclid, xtor…) removed,
remaining query parameters sorted.
"""

from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "mtm_", "pk_")
TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid",
    "_hsenc", "_hsmi", "ref_src", "xtor", "_ga", "_gl", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id",
    "wt_mc", "at_medium", "at_campaign",
}


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
    # Same escaping whatever the editor pasted: "%C3%A9" and "é" are one path.
    path = quote(unquote(parts.path or "/"), safe="/:@!$&'()*+,;=-._~")
    path = path.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking_param(k)]
    return urlunsplit((scheme, _host(parts), path, urlencode(sorted(query)), ""))
