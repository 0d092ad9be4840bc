"""`make bench`: every benchmark, one after the other; each prints its own numbers.

usage: run_all.py [NAME ...]   NAME selects bench_<NAME>.py (inspect, backup, render, callback, change, store, switch_inspect, switch_change);
                               without one, all of them run.
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BENCHES = ["bench_inspect.py", "bench_backup.py", "bench_render.py", "bench_callback.py", "bench_change.py", "bench_store.py",
           "bench_scaling.py", "bench_service_report.py", "bench_events.py", "bench_awx_slices.py", "bench_switch_inspect.py",
           "bench_switch_change.py"]


def selected(names):
    if not names:
        return BENCHES
    unknown = [n for n in names if "bench_%s.py" % n not in BENCHES]
    if unknown:
        raise SystemExit("unknown benchmark %s (known: %s)" % (", ".join(unknown), ", ".join(b[6:-3] for b in BENCHES)))
    return ["bench_%s.py" % n for n in names]


def main():
    status = 0
    for name in selected(sys.argv[1:]):
        path = os.path.join(HERE, name)
        if not os.path.exists(path):
            continue
        print("==> %s" % name, flush=True)
        status |= subprocess.call([sys.executable, path])
    sys.exit(status)


if __name__ == "__main__":
    main()
