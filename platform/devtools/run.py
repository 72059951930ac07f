"""Start everything for local use: servers, migrations, demo data, web, worker and beat."""

import os
import signal
import socket
import subprocess
import sys
import time

from devtools.services import BASE_DIR, DATA_DIR, services

STOP_GRACE_SECONDS = 10


def first_free_port(start: int, host: str = "127.0.0.1") -> int:
    """The first port from `start` up that nothing listens on, so a second clone's `make run`
    serves on 8001 beside the first one's 8000 (the welcome message prints the address)."""
    for port in range(start, start + 100):
        with socket.socket() as probe:
            if probe.connect_ex((host, port)) != 0:
                return port
    raise RuntimeError(f"no free port from {start} to {start + 99}; set PORT")


def main(args: list[str]) -> int:
    port = os.environ.get("PORT") or str(first_free_port(8000))
    with services("run", persist=True) as urls:
        env = {
            **os.environ,
            **urls.environ(),
            "DEBUG": os.environ.get("DEBUG", "1"),
            "PORTAL_PORT": port,
        }
        manage = [sys.executable, str(BASE_DIR / "manage.py")]
        subprocess.run([*manage, "setup_database", "--verbosity", "0"], env=env, check=True)
        subprocess.run([*manage, "load_demo"], env=env, check=True)
        celery = [sys.executable, "-m", "celery", "-A", "tasks"]
        commands = {
            "web": [*manage, "runserver", f"127.0.0.1:{port}"],
            "worker": [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
            "beat": [
                *celery,
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(DATA_DIR / "run" / "celerybeat-schedule"),
            ],
        }
        children = {
            name: subprocess.Popen(cmd, env=env, cwd=BASE_DIR) for name, cmd in commands.items()
        }
        print_welcome(port)
        try:
            return wait_for_first_exit(children)
        except KeyboardInterrupt:
            return 0
        finally:
            stop(children)


def wait_for_first_exit(children: dict[str, subprocess.Popen]) -> int:
    """Block until one process ends (Ctrl-C ends them all); return a failure's exit code."""
    while True:
        for name, child in children.items():
            code = child.poll()
            if code is not None:
                if code > 0:
                    print(f"\n{name} failed (exit {code}); stopping everything.", flush=True)
                return max(code, 0)
        time.sleep(0.5)


def stop(children: dict[str, subprocess.Popen]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def print_welcome(port: str) -> None:
    from devtools.demo_logins import DEMO_LOGINS, DEMO_PASSWORD, DEMO_PHONE_LOGINS, DEMO_PIN

    lines = [
        "",
        "Guanjia is running. Ctrl-C stops everything.",
        f"  Platform and regulators: http://localhost:{port}/",
        f"  天山物业 portal:          http://tianshan.localhost:{port}/",
        f"  北华置业 portal:          http://beihua.localhost:{port}/",
        f"  API docs:                http://tianshan.localhost:{port}/api/docs/",
        f"  Health:                  http://localhost:{port}/healthz",
        f"Demo logins (password for all: {DEMO_PASSWORD}):",
        *(f"  {email:<34} {what}" for email, what in DEMO_LOGINS),
        f"Guards by mobile number on http://tianshan.localhost:{port}/ (PIN for all: {DEMO_PIN}):",
        *(f"  {phone:<34} {what}" for phone, what in DEMO_PHONE_LOGINS),
        "",
    ]
    print("\n".join(lines), flush=True)
