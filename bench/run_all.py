"""`make bench`: every benchmark, one after the other; each prints its own numbers."""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BENCHES = ["bench_inspect.py", "bench_backup.py", "bench_render.py", "bench_callback.py", "bench_change.py"]


def main():
    status = 0
    for name in BENCHES:
        path = os.path.join(HERE, name)
        if not os.path.exists(path):
            continue
        print("==> %s" % name, flush=True)
        status |= subprocess.call([sys.executable, path])
    sys.exit(status)


if __name__ == "__main__":
    main()
