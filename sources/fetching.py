"""Fetch a source page safely and extract what the registry needs from it.

SSRF protection: only http(s); the host is resolved and *every* address checked (link-local — cloud
metadata —, reserved, multicast and unspecified always refused; private and loopback refused unless
PRIZM_FETCH_ALLOW_PRIVATE); the
connection goes to the address that was checked (no second DNS lookup an attacker could rebind); each
redirect is checked again. The body is streamed with a byte cap and an overall deadline, and only
text/html, application/xhtml+xml and text/plain are accepted.
"""

import datetime
import http.client
import ipaddress
import re
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import SplitResult, urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

ALLOWED_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
MAX_REDIRECTS = 5
USER_AGENT = "PrizmSourceFetcher/1.0 (+registre de sources éditorial)"


class FetchError(Exception):
    """A refusal or failure, with a message in plain French saying what happened and what to do."""


@dataclass
class FetchedPage:
    url: str
    status: int
    content_type: str
    charset: str
    body: bytes


@dataclass
class PageInfo:
    title: str = ""
    publisher: str = ""
    published_on: datetime.date | None = None
    language: str = ""
    text: str = ""


# --- checks ---------------------------------------------------------------------------------------

def check_scheme(url: str) -> SplitResult:
    parts = urlsplit((url or "").strip())
    if parts.scheme.lower() not in ("http", "https"):
        shown = parts.scheme or (url or "")[:40]
        raise FetchError(_("Seules les adresses http:// ou https:// peuvent être récupérées (reçu : « %(s)s »).")
                         % {"s": shown})
    if not parts.hostname:
        raise FetchError(_("Adresse incomplète : il manque le nom du site après « %(scheme)s:// ».")
                         % {"scheme": parts.scheme.lower()})
    try:
        parts.port  # noqa: B018 — raises on a malformed port
    except ValueError:
        raise FetchError(_("Le port de l'adresse est invalide.")) from None
    return parts


def is_blocked_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, *, allow_private: bool = False) -> bool:
    """Link-local (cloud metadata at 169.254.169.254), multicast, unspecified and reserved addresses are
    always refused; private and loopback ones only when `allow_private` (development, tests)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_link_local or ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return True
    if ip.is_private or ip.is_loopback or not ip.is_global:
        return not allow_private
    return False


def resolve_public(host: str, port: int) -> list[str]:
    """Addresses of `host`, all of them checked. Raises FetchError if any is internal."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(_("Le nom de domaine « %(host)s » est introuvable : vérifiez l'adresse.") % {"host": host}) from None
    addresses = []
    for info in infos:
        address = info[4][0].split("%", 1)[0]
        if address not in addresses:
            addresses.append(address)
    for address in addresses:
        if is_blocked_address(ipaddress.ip_address(address), allow_private=settings.PRIZM_FETCH_ALLOW_PRIVATE):
            raise FetchError(
                _("Adresse refusée : « %(host)s » correspond à une adresse interne ou réservée (%(ip)s). "
                  "Seules les pages publiques peuvent être récupérées.") % {"host": host, "ip": address}
            )
    if not addresses:
        raise FetchError(_("Le nom de domaine « %(host)s » est introuvable : vérifiez l'adresse.") % {"host": host})
    return addresses


# --- connections pinned to the checked address ----------------------------------------------------

class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, *, addresses: list[str], timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses

    def _open_socket(self):
        last = None
        for address in self._addresses:
            try:
                return socket.create_connection((address, self.port), self.timeout)
            except OSError as exc:
                last = exc
        raise last or OSError("no address")

    def connect(self):
        self.sock = self._open_socket()


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = 443

    def __init__(self, host, port, *, addresses: list[str], timeout: float):
        super().__init__(host, port, addresses=addresses, timeout=timeout)
        self._context = ssl.create_default_context()

    def connect(self):
        self.sock = self._context.wrap_socket(self._open_socket(), server_hostname=self.host)


def _timeout_error(timeout: float) -> FetchError:
    return FetchError(
        _("Le site n'a pas répondu dans le délai de %(s)s secondes : réessayez plus tard ou saisissez la source "
          "à la main.") % {"s": int(timeout) if timeout == int(timeout) else timeout}
    )


REDIRECT_STATUSES = (301, 302, 303, 307, 308)
REQUEST_HEADERS = {
    "User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
    "Accept-Encoding": "identity", "Accept-Language": "fr,en;q=0.8",
}


class _Deadline:
    def __init__(self, timeout: float):
        self.timeout = timeout
        self._end = time.monotonic() + timeout

    def remaining(self) -> float:
        left = self._end - time.monotonic()
        if left <= 0:
            raise _timeout_error(self.timeout)
        return left


def _open_connection(parts: SplitResult, deadline: _Deadline) -> _PinnedHTTPConnection:
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(_("Le nom de domaine « %(host)s » est invalide.") % {"host": parts.hostname}) from None
    addresses = resolve_public(host, port)
    cls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    return cls(host, port, addresses=addresses, timeout=deadline.remaining())


def _redirect_target(url: str, response: http.client.HTTPResponse) -> str:
    location = response.getheader("Location")
    if not location:
        raise FetchError(_("Le site redirige sans dire vers où (statut %(status)s).") % {"status": response.status})
    return urljoin(url, location)


def _accepted_content_type(response: http.client.HTTPResponse) -> tuple[str, str]:
    """(mime type, charset) of a response that is a readable page; FetchError otherwise."""
    if response.status >= 400:
        raise FetchError(
            _("La page répond « %(status)s %(reason)s » : vérifiez l'adresse ou réessayez plus tard.")
            % {"status": response.status, "reason": response.reason}
        )
    content_type = (response.getheader("Content-Type") or "").strip()
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime not in ALLOWED_CONTENT_TYPES:
        raise FetchError(
            _("Ce contenu (%(type)s) n'est pas une page web : seules les pages HTML ou texte sont "
              "récupérées. Saisissez la source à la main et collez ses extraits.")
            % {"type": mime or _("type inconnu")}
        )
    charset_match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
    return mime, charset_match[1] if charset_match else ""


def _read_body(response: http.client.HTTPResponse, sock, max_bytes: int, deadline: _Deadline) -> bytes:
    limit_mb = f"{max_bytes / 1024 / 1024:.1f}".rstrip("0").rstrip(".")
    too_big = FetchError(
        _("La page dépasse la taille maximale de %(mb)s Mo : saisissez la source à la main.") % {"mb": limit_mb}
    )
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise too_big
    chunks, size = [], 0
    while True:
        sock.settimeout(deadline.remaining())
        chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise too_big
        chunks.append(chunk)
    deadline.remaining()
    return b"".join(chunks)


def _fetch_or_redirect(url: str, deadline: _Deadline, max_bytes: int) -> FetchedPage | str:
    """One request: the page, or the address it redirects to."""
    parts = check_scheme(url)
    conn = _open_connection(parts, deadline)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request("GET", target, headers=REQUEST_HEADERS)
        sock = conn.sock  # http.client drops its reference once the response will close the connection
        response = conn.getresponse()
        if response.status in REDIRECT_STATUSES:
            conn.close()
            return _redirect_target(url, response)
        mime, charset = _accepted_content_type(response)
        body = _read_body(response, sock, max_bytes, deadline)
        return FetchedPage(url=url, status=response.status, content_type=mime, charset=charset, body=body)
    except TimeoutError:
        raise _timeout_error(deadline.timeout) from None
    except ssl.SSLError as exc:
        raise FetchError(_("Connexion sécurisée impossible avec le site (%(e)s).") % {"e": exc.reason or exc}) from None
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(_("Impossible de joindre le site (%(e)s) : vérifiez l'adresse ou réessayez plus tard.")
                         % {"e": exc.__class__.__name__ if not str(exc) else exc}) from None
    finally:
        conn.close()


def fetch_page(url: str, *, timeout: float | None = None, max_bytes: int | None = None) -> FetchedPage:
    timeout = float(timeout or settings.PRIZM_FETCH_TIMEOUT)
    max_bytes = int(max_bytes or settings.PRIZM_FETCH_MAX_BYTES)
    deadline = _Deadline(timeout)
    for _hop in range(MAX_REDIRECTS + 1):
        result = _fetch_or_redirect(url, deadline, max_bytes)
        if isinstance(result, FetchedPage):
            return result
        url = result
    raise FetchError(_("Trop de redirections (plus de %(n)s) : collez l'adresse finale de la page.") % {"n": MAX_REDIRECTS})


# --- extraction -----------------------------------------------------------------------------------

def _decode(page: FetchedPage) -> str:
    for encoding in (page.charset, "utf-8", "cp1252"):
        if not encoding:
            continue
        try:
            return page.body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return page.body.decode("utf-8", errors="replace")


def _parse_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def extract_page(page: FetchedPage) -> PageInfo:
    """Title, publisher, date, language and main text of a fetched page (trafilatura for HTML)."""
    text = _decode(page)
    host = (urlsplit(page.url).hostname or "").removeprefix("www.")
    if page.content_type == "text/plain":
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return PageInfo(title=(lines[0] if lines else "")[:300], publisher=host, text=text.strip())
    import trafilatura

    doc = trafilatura.bare_extraction(
        text, url=page.url, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    lang_match = re.search(r"<html[^>]*\blang=[\"']?([a-zA-Z]{2})", text[:5000], re.I)
    if doc is None:
        title_match = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
        return PageInfo(title=(title_match[1].strip() if title_match else "")[:300], publisher=host,
                        language=lang_match[1].lower() if lang_match else "")
    return PageInfo(
        title=(doc.title or "").strip()[:300],
        publisher=(doc.sitename or host or "").strip()[:200],
        published_on=_parse_date(doc.date),
        language=(doc.language or (lang_match[1] if lang_match else "")).lower()[:10],
        text=(doc.text or "").strip(),
    )
