"""Two clones on one machine start their embedded servers side by side without colliding."""

import os
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import redis

from devtools.services import BASE_DIR, embedded_valkey


def start_at_the_same_moment_and_ping(data_dir, barrier):
    barrier.wait()
    with embedded_valkey(data_dir, persist=False) as url:
        client = redis.Redis.from_url(url)
        try:
            client.set("owner", str(data_dir))
            barrier.wait()  # both servers are running now
            return url, client.get("owner").decode(), client.config_get("port")["port"]
        finally:
            client.close()
            barrier.wait()


def test_two_embedded_valkeys_started_at_once_both_answer_each_on_its_own_socket(tmp_path):
    data_dirs = [tmp_path / "first" / "valkey", tmp_path / "second" / "valkey"]
    barrier = threading.Barrier(len(data_dirs), timeout=60)
    with ThreadPoolExecutor(len(data_dirs)) as pool:
        answers = list(pool.map(start_at_the_same_moment_and_ping, data_dirs, [barrier] * 2))

    for data_dir, (url, owner, port) in zip(data_dirs, answers, strict=True):
        assert url == f"unix://{data_dir.resolve()}/valkey.sock"
        assert owner == str(data_dir)
        assert port == "0"  # no TCP port to race for


def test_a_data_folder_too_deep_for_a_socket_still_gets_a_server(tmp_path):
    deep = tmp_path.joinpath(*["deeply-nested-clone"] * 6, "valkey")
    with embedded_valkey(deep, persist=False) as url:
        client = redis.Redis.from_url(url)
        try:
            assert client.ping()
        finally:
            client.close()


def settings_under(redis_url: str, code: str) -> str:
    environ = {**os.environ, "DEBUG": "1", "REDIS_URL": redis_url, "CACHE_KEY_PREFIX": "guanjia"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_cache_broker_and_results_reach_a_socket_server_each_in_its_own_database(tmp_path):
    with embedded_valkey(tmp_path / "valkey", persist=False) as url:
        settings_under(
            url,
            "from django.core.cache import cache; from tasks.celery import app; "
            "cache.set('probe', 'cache'); "
            "conn = app.connection_for_write(); conn.default_channel.client.set('probe', 'broker');"
            " conn.release(); app.backend.client.set('probe', 'results')",
        )
        databases = [redis.Redis.from_url(url, db=number) for number in range(3)]
        try:
            broker, cache, results = databases
            assert broker.get("probe") == b"broker"
            assert [key.decode() for key in cache.scan_iter()] == ["guanjia:1:probe"]
            assert results.get("probe") == b"results"
        finally:
            for client in databases:
                client.close()


def test_a_tcp_redis_url_keeps_its_database_numbers_in_the_path():
    printed = settings_under(
        "redis://valkey.internal:6379",
        "from django.conf import settings; "
        "print(settings.CELERY_BROKER_URL, settings.CACHES['default']['LOCATION'], "
        "settings.CELERY_RESULT_BACKEND)",
    )
    assert printed.split() == [
        "redis://valkey.internal:6379/0",
        "redis://valkey.internal:6379/1",
        "redis://valkey.internal:6379/2",
    ]


def test_a_second_make_run_serves_on_the_next_port_when_the_first_is_taken():
    from devtools.run import first_free_port

    with socket.socket() as first_clone:
        first_clone.bind(("127.0.0.1", 0))
        first_clone.listen()
        taken = first_clone.getsockname()[1]
        assert first_free_port(taken) > taken
