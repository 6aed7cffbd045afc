"""A small real HTTP server for the URL-import tests: it serves an article page, plain text, a PDF,
a 404, a slow answer, oversize bodies and redirects. Nothing is mocked; only the internet is replaced."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARTICLE_HTML = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Les ateliers de réparation en plein essor | Gazette Locale Test</title>
  <meta property="og:title" content="Les ateliers de réparation en plein essor">
  <meta property="og:site_name" content="Gazette Locale Test">
  <meta property="article:published_time" content="2025-03-12T08:00:00+01:00">
</head>
<body>
  <nav><a href="/">Accueil</a> <a href="/rubriques">Rubriques</a></nav>
  <article>
    <h1>Les ateliers de réparation en plein essor</h1>
    <p>Le nombre d'ateliers de réparation a progressé de 18 % entre 2021 et 2024 dans la région étudiée,
    selon le dernier relevé publié par l'observatoire local.</p>
    <p>Le coût moyen d'une réparation s'établit à 67 euros en 2024, un montant jugé raisonnable par
    la majorité des personnes interrogées lors de l'enquête de terrain.</p>
    <p>Les bénévoles des ateliers associatifs ont accueilli 12 400 visiteurs au cours de l'année écoulée,
    contre 9 800 l'année précédente.</p>
  </article>
  <footer>Mentions légales · Plan du site</footer>
</body>
</html>
"""

PLAIN_TEXT = "Note de synthèse\n\nLe taux de réussite des réparations atteint 72 %.\n"


class Handler(BaseHTTPRequestHandler):
    server_version = "PrizmTestServer/1.0"

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str, extra: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 — http.server's naming
        self.server.hits.append(self.path)
        path = self.path.split("?", 1)[0]
        if path == "/article.html":
            self._send(200, ARTICLE_HTML.encode(), "text/html; charset=utf-8")
        elif path == "/note.txt":
            self._send(200, PLAIN_TEXT.encode(), "text/plain; charset=utf-8")
        elif path == "/rapport.pdf":
            self._send(200, b"%PDF-1.4\n%fake pdf\n", "application/pdf")
        elif path == "/slow":
            time.sleep(self.server.slow_seconds)
            self._send(200, ARTICLE_HTML.encode(), "text/html; charset=utf-8")
        elif path == "/big-declared":
            # Announces more than the cap: refused before the body is read.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            self.wfile.write(b"<html>" + b"x" * 1024)
        elif path == "/big-streamed":
            # No Content-Length: the cap must be enforced while streaming.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(400):
                    self.wfile.write(b"<p>" + b"y" * 8192 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/redirect-to-article":
            self._send(302, b"", "text/html", {"Location": "/article.html"})
        elif path == "/redirect-to-metadata":
            self._send(302, b"", "text/html", {"Location": "http://169.254.169.254/latest/meta-data/"})
        elif path == "/redirect-to-file":
            self._send(302, b"", "text/html", {"Location": "file:///etc/passwd"})
        elif path == "/redirect-loop":
            self._send(302, b"", "text/html", {"Location": "/redirect-loop"})
        else:
            self._send(404, b"<h1>Introuvable</h1>", "text/html; charset=utf-8")


@pytest.fixture
def page_server():
    """Yields the server's base URL (http://127.0.0.1:PORT); `.hits` lists the paths requested."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.hits = []
    server.slow_seconds = 3
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()

    class Info(str):
        pass

    base = Info(f"http://127.0.0.1:{server.server_address[1]}")
    base.server = server
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def allow_private(settings):
    """Tests fetch from a server on 127.0.0.1: allow loopback/private addresses, with a short timeout."""
    settings.PRIZM_FETCH_ALLOW_PRIVATE = True
    settings.PRIZM_FETCH_TIMEOUT = 1
    settings.PRIZM_FETCH_MAX_BYTES = 256 * 1024
    return settings


SEED_000 = str(__import__("pathlib").Path(__file__).parent / "data" / "seed_000.txt")


@pytest.fixture
def broker_down(settings):
    """As when Redis is down: the broker the settings name does not answer."""
    from prizm.celery import app

    assert app.conf.broker_url  # let Celery load its configuration before the override
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    return settings
