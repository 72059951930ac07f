"""Run the test suite against real PostgreSQL and Valkey (embedded unless URLs are given)."""

import os
import subprocess
import sys

from devtools.services import BASE_DIR, services


def main(pytest_args: list[str]) -> int:
    # GUANJIA_TEST_DATA names the folder under .data/, so two test runs can work side by side.
    with services(os.environ.get("GUANJIA_TEST_DATA", "test"), persist=False) as urls:
        env = {**os.environ, **urls.environ(), "DEBUG": "1", "CACHE_KEY_PREFIX": "guanjia-test"}
        command = [sys.executable, "-m", "pytest", *pytest_args]
        return subprocess.call(command, cwd=BASE_DIR, env=env)
