"""Run the test suite against real PostgreSQL and Valkey (embedded unless URLs are given)."""

import os
import subprocess
import sys

from devtools.services import BASE_DIR, services


def main(pytest_args: list[str]) -> int:
    with services("test", persist=False) as urls:
        env = {**os.environ, **urls.environ(), "DEBUG": "1", "CACHE_KEY_PREFIX": "guanjia-test"}
        command = [sys.executable, "-m", "pytest", *pytest_args]
        return subprocess.call(command, cwd=BASE_DIR, env=env)
