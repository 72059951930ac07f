"""Production mode refuses to start with development secrets or without its host names."""

import os
import subprocess
import sys

CHECK = "import django; django.setup(); print('started')"


def start(**env):
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    environ.update(DEBUG="0", **env)
    return subprocess.run(
        [sys.executable, "-c", CHECK], env=environ, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = start(ALLOWED_HOSTS="guanjia.example.cn")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_secret_key():
    result = start(SECRET_KEY="guanjia-development-only-not-secret", ALLOWED_HOSTS="x.cn")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = start(SECRET_KEY="k" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_starts_with_a_real_key_and_hosts():
    result = start(SECRET_KEY="k" * 50, ALLOWED_HOSTS=".guanjia.example.cn")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"
