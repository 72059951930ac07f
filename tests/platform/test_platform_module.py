"""`platform/` holds our packages but must not hide the standard library's `platform` module."""

import platform
import subprocess
import sys
import sysconfig
import uuid
from pathlib import Path


def test_standard_platform_module_is_the_one_imported():
    assert Path(platform.__file__).parent == Path(sysconfig.get_paths()["stdlib"])
    assert platform.system() == "Linux"
    assert uuid.uuid4().version == 4


def test_running_project_starts_with_the_standard_platform_module():
    code = (
        "import django, platform; django.setup(); import celery, tasks; "
        "print(platform.system(), tasks.celery_app.main)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["Linux", "guanjia"]
