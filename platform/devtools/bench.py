"""`make bench`: run every tests/bench/bench_*.py script on a fresh database and print figures."""

import os
import subprocess
import sys

import psycopg

from devtools.services import BASE_DIR, services

BENCH_DATABASE = "guanjia_bench"


def fresh_database(database_url: str) -> str:
    """Recreate the benchmark database next to the configured one; return its URL."""
    import dj_database_url

    config = dj_database_url.parse(database_url)
    admin_dsn = psycopg.conninfo.make_conninfo(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    base, _sep, _name = database_url.rpartition("/")
    return f"{base}/{BENCH_DATABASE}"


def main(args: list[str]) -> int:
    scripts = sorted((BASE_DIR / "tests" / "bench").glob("bench_*.py"))
    if args:
        scripts = [s for s in scripts if any(a in s.name for a in args)]
    # GUANJIA_BENCH_DATA names the folder under .data/, so two benchmark runs can work side by side.
    with services(os.environ.get("GUANJIA_BENCH_DATA", "bench"), persist=False) as urls:
        env = {**os.environ, **urls.environ(), "DEBUG": "1", "CACHE_KEY_PREFIX": "guanjia-bench"}
        failed = 0
        for script in scripts:
            env["DATABASE_URL"] = fresh_database(urls.database_url)
            print(f"== {script.name}", flush=True)
            failed += subprocess.call([sys.executable, str(script)], cwd=BASE_DIR, env=env) != 0
        return 1 if failed else 0
