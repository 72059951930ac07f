"""What the HTTP benchmarks share: gunicorn as in production serving bench_urls, signed-in
phones' headers, and endpoints posted to by several clients at once, measured side by side."""

import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.test import Client

BENCH_DIR = Path(__file__).resolve().parent
CLIENTS = 8  # phones posting at the same time
WORKERS = os.cpu_count() or 2  # gunicorn sync workers, one per core
WARM_UP = 10  # posts per client and endpoint before measuring
REQUESTS = 2000  # measured per endpoint, in ROUNDS alternating rounds
ROUNDS = 2


def session_headers(guard) -> dict[str, str]:
    """What a signed-in phone sends: its session and CSRF cookies and the CSRF header."""
    client = Client()
    client.force_login(guard)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = secrets.token_hex(16)  # a CSRF secret as the cookie holds it (32 characters)
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
        "X-CSRFToken": csrf,
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(port: int):
    """gunicorn serving bench_urls on 127.0.0.1:port; stopped on the way out, error or not."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench_urls:application()",
         "--pythonpath", str(BENCH_DIR), "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--log-level", "warning"],
        cwd=settings.BASE_DIR,
        env=os.environ.copy(),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn stopped with {server.returncode}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class Endpoint:
    """One URL that every client posts to, with each client's headers and a body per post."""

    def __init__(self, host, label, path, headers, make_body, *, requests=REQUESTS):
        self.host = host
        self.label, self.path, self.headers, self.make_body = label, path, headers, make_body
        self.requests = requests
        self.latencies: list[float] = []
        self.seconds = 0.0
        self.failures: list[str] = []

    def run(self, port: int, per_client: int, *, measured: bool = True) -> None:
        """Every client posts per_client entries at once; keep the latencies and the wall time."""
        bodies = [
            [json.dumps(self.make_body()).encode() for _ in range(per_client)]
            for _ in range(CLIENTS)
        ]
        latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
        start = threading.Barrier(CLIENTS + 1)
        clients = [
            threading.Thread(target=self._client, args=(port, i, bodies[i], latencies[i], start))
            for i in range(CLIENTS)
        ]
        for client in clients:
            client.start()
        start.wait()
        started = time.perf_counter()
        for client in clients:
            client.join()
        if measured:
            self.seconds += time.perf_counter() - started
            self.latencies += [latency for client in latencies for latency in client]

    def _client(self, port, number, bodies, latencies, start):
        headers = {
            **self.headers[number],
            "Host": f"{self.host}:{port}",
            "Content-Type": "application/json",
        }
        # Keep-alive where the server offers it: gunicorn's sync workers (production's) close
        # after each answer, and http.client then connects again for the next post.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start.wait()
        for body in bodies:
            started = time.perf_counter()
            conn.request("POST", self.path, body, headers)
            response = conn.getresponse()
            answer = response.read()
            latencies.append(time.perf_counter() - started)
            if response.status != 201:
                self.failures.append(f"{response.status} {answer[:200]!r}")
        conn.close()

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds

    def report(self, plain: "Endpoint") -> str:
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        line = (
            f"  {self.label:<44} {self.per_second:6,.0f}/s   p50 {cuts[49] * 1000:5.1f} ms   "
            f"p99 {cuts[98] * 1000:5.1f} ms   ({len(self.latencies):,} posts)"
        )
        if self is not plain:
            line += f"   {self.per_second / plain.per_second:.2f}× the plain insert"
        return line


def run_side_by_side(endpoints: list[Endpoint]) -> None:
    """Warm every endpoint up, then measure them in alternating rounds on one server, so that a
    slow moment of the machine does not fall on one endpoint only."""
    port = free_port()
    with gunicorn(port):
        for endpoint in endpoints:
            endpoint.run(port, WARM_UP, measured=False)
        for _ in range(ROUNDS):
            for endpoint in endpoints:
                endpoint.run(port, endpoint.requests // ROUNDS // CLIENTS)
    for endpoint in endpoints:
        if endpoint.failures:
            raise SystemExit(f"{endpoint.label}: {len(endpoint.failures)} failed, e.g. "
                             f"{endpoint.failures[0]}")  # fmt: skip
