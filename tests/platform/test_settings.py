"""Production mode refuses to start with development secrets or without its host names."""

import os
import subprocess
import sys
from pathlib import Path

CHECK = "import django; django.setup(); print('started')"


def start(**env):
    secrets = {"SECRET_KEY", "ALLOWED_HOSTS", "PERSONAL_DATA_KEYS", "PERSONAL_DATA_INDEX_KEY"}
    environ = {k: v for k, v in os.environ.items() if k not in secrets}
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


PERSONAL_DATA = {
    "PERSONAL_DATA_KEYS": "JaEj-CoauWwnEbICC8-LNzh8409BXjBgzFeueN650Ms=",
    "PERSONAL_DATA_INDEX_KEY": "i" * 40,
}


def test_production_starts_with_a_real_key_and_hosts():
    result = start(SECRET_KEY="k" * 50, ALLOWED_HOSTS=".guanjia.example.cn", **PERSONAL_DATA)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


def test_production_refuses_to_start_without_personal_data_keys():
    result = start(SECRET_KEY="k" * 50, ALLOWED_HOSTS=".guanjia.example.cn")
    assert result.returncode != 0
    assert "PERSONAL_DATA_KEYS" in result.stderr


def test_production_refuses_the_development_personal_data_key():
    development = "ZGV2ZWxvcG1lbnQtb25seS1ub3Qtc2VjcmV0LWtleSE="
    result = start(
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS=".guanjia.example.cn",
        **{**PERSONAL_DATA, "PERSONAL_DATA_KEYS": development},
    )
    assert result.returncode != 0
    assert "PERSONAL_DATA_KEYS" in result.stderr


MANAGE = Path(__file__).resolve().parents[2] / "manage.py"
PRODUCTION = {
    "SECRET_KEY": "Vq3-x9TfL0cRmz7WbY2uK8aPdN5sHj1GeQ4oXiA6nUvCt_ElSw-Zr0Jk3yMfBh9Dp",
    "ALLOWED_HOSTS": ".guanjia.example.cn,guanjia.example.cn",
    "PORTAL_DOMAIN": "guanjia.example.cn",
    **PERSONAL_DATA,
}


def deploy_check(**env):
    secrets = {"SECRET_KEY", "ALLOWED_HOSTS", "PERSONAL_DATA_KEYS", "PERSONAL_DATA_INDEX_KEY"}
    environ = {k: v for k, v in os.environ.items() if k not in secrets | {"DEBUG"}}
    environ.update(PRODUCTION, **env)
    return subprocess.run(
        [sys.executable, str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_the_deployment_checklist_with_no_warning():
    result = deploy_check()
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_the_deployment_checklist_notices_when_an_operator_turns_https_off():
    result = deploy_check(SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_an_operator_who_opts_into_hsts_preload_still_passes_the_checklist():
    result = deploy_check(SECURE_HSTS_PRELOAD="true")
    assert result.returncode == 0, result.stderr
