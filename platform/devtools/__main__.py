"""`python -m devtools run|test|bench`: what `make run`, `make test` and `make bench` call."""

import sys

from devtools import bench, run, test

COMMANDS = {"run": run.main, "test": test.main, "bench": bench.main}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(f"usage: python -m devtools {{{'|'.join(COMMANDS)}}} [args]")
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
