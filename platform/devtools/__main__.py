"""`python -m devtools run` (make run) and `python -m devtools test` (make test)."""

import sys

from devtools import run, test

COMMANDS = {"run": run.main, "test": test.main}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(f"usage: python -m devtools {{{'|'.join(COMMANDS)}}} [args]")
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
