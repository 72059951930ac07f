"""Debian packages that `make run` and `make test` need beyond Python.

Chromium drives the browser tests; the CJK fonts, HarfBuzz's subsetting library and poppler
render and check PDFs; GNU gettext lets the suite check that the catalogs hold every string
of the source. Run as `python3 platform/devtools/system.py`: standard library only, so
it works before the virtualenv exists. A machine that has every package runs nothing but one
dpkg-query (about 0.2 s in all); otherwise the missing ones are installed with apt-get, through
sudo when not root. On a system without dpkg it only says what to install.
"""

import os
import shutil
import subprocess
import sys

PACKAGES = (
    "chromium",
    "fonts-noto-cjk",
    "fonts-noto-cjk-extra",
    "gettext",
    "libharfbuzz-subset0",
    "poppler-utils",
)
# The browser tests launch this binary (Debian's package puts it here).
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Wait this long for another apt/dpkg run (e.g. unattended-upgrades) to release its lock.
APT_LOCK_TIMEOUT_SECONDS = 600


def missing_packages(packages=PACKAGES) -> list[str]:
    """The packages dpkg does not report as installed ("ii")."""
    dpkg_query = shutil.which("dpkg-query") or "/usr/bin/dpkg-query"
    result = subprocess.run(
        [dpkg_query, "--show", "--showformat=${Package} ${db:Status-Abbrev}\n", *packages],
        capture_output=True,
        text=True,
        check=False,  # exits 1 when a package is unknown to dpkg; its name is then absent
    )
    installed = set()
    for line in result.stdout.splitlines():
        name, _, status = line.partition(" ")
        if status.startswith("ii"):
            installed.add(name.split(":")[0])
    return [name for name in packages if name not in installed]


def install_command(packages) -> list[list[str]]:
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    lock = f"DPkg::Lock::Timeout={APT_LOCK_TIMEOUT_SECONDS}"
    return [
        [*prefix, "apt-get", "-o", lock, "update"],
        [
            *prefix,
            "env",
            "DEBIAN_FRONTEND=noninteractive",
            "apt-get",
            "-o",
            lock,
            "install",
            "-y",
            "--no-install-recommends",
            *packages,
        ],
    ]


def ensure(packages=PACKAGES) -> int:
    if shutil.which("dpkg-query") is None:
        print(
            "devtools.system: not a Debian system; install these yourself (or equivalents): "
            + " ".join(packages),
            file=sys.stderr,
        )
        return 0
    missing = missing_packages(packages)
    if not missing:
        return 0
    commands = install_command(missing)
    if commands[0][0] == "sudo" and shutil.which("sudo") is None:
        print(
            "devtools.system: missing Debian packages and no sudo; as root run:\n"
            f"  apt-get update && apt-get install -y --no-install-recommends {' '.join(missing)}",
            file=sys.stderr,
        )
        return 1
    print(f"devtools.system: installing {' '.join(missing)}", file=sys.stderr)
    for command in commands:
        code = subprocess.call(command)
        if code:
            print(f"devtools.system: {' '.join(command)} failed ({code})", file=sys.stderr)
            return code
    still_missing = missing_packages(packages)
    if still_missing:
        print(f"devtools.system: still missing: {' '.join(still_missing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(ensure())
