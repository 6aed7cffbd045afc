"""Helpers the benchmarks share: a throwaway Postgres database, manage.py, a free port and a minimal
keep-alive HTTP client for 127.0.0.1. No Django set-up here: each benchmark starts its own server."""

import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _admin_sql(admin_url: str, sql: str) -> None:
    import psycopg

    conninfo = admin_url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql)



def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)



def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]



class _Conn:
    """A minimal HTTP/1.1 keep-alive client: enough for GETs of small pages on 127.0.0.1."""

    def __init__(self, port: int):
        self.port = port
        self.sock = None

    def get(self, path: str) -> int:
        for _attempt in range(2):
            if self.sock is None:
                self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
                self.buf = b""
            try:
                self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
                return self._read()
            except (ConnectionError, OSError):
                self.sock.close()
                self.sock = None
        raise ConnectionError("server closed the connection twice")

    def _read(self) -> int:
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length, close = 0, False
        for line in lines[1:]:
            key, _, value = line.partition(b":")
            key = key.strip().lower()
            if key == b"content-length":
                length = int(value)
            elif key == b"connection" and value.strip().lower() == b"close":
                close = True
        while len(self.buf) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        self.buf = self.buf[length:]
        if close:
            self.sock.close()
            self.sock = None
        return status

    def close(self):
        if self.sock is not None:
            self.sock.close()
