"""Serve the lab switches in the foreground:

    python -m lab.switches serve --world switches_demo --state-dir DIR --host 127.0.0.1

Each switch listens on its own ephemeral loopback port (``--port NAME=PORT`` fixes one). Once listening,
DIR/switches.json holds the host, credentials and, per switch, port and netmiko device type; one
``switches ready ...`` line is printed; SIGTERM/SIGINT stops it and removes switches.json.
"""
from __future__ import annotations

import argparse
import os
import sys

from lab.common.app import check_loopback
from lab.common.serving import remove_info, stop_requested, write_info

from .server import SwitchLab


def _serve(args) -> int:
    check_loopback(args.host)
    fixed = {}
    for item in args.port or []:
        name, _sep, port = item.partition("=")
        fixed[name] = int(port)
    os.makedirs(args.state_dir, exist_ok=True)
    info_path = os.path.join(args.state_dir, "switches.json")
    if os.path.exists(info_path):
        os.remove(info_path)
    lab = SwitchLab(world=args.world, host=args.host, ports=fixed, state_dir=os.path.abspath(args.state_dir))
    lab.start()
    info = lab.info()
    info["pid"] = os.getpid()
    write_info(info_path, info)
    done = stop_requested()
    print(f"switches ready world={args.world} " + " ".join(f"{n}={p}" for n, p in lab.ports.items())
          + f" info={info_path} pid={os.getpid()}", flush=True)
    done.wait()
    lab.stop()
    remove_info(info_path)
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m lab.switches", description="cloudops lab switches")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve", help="serve the world's switches over SSH")
    s.add_argument("--world", default="switches_demo", help="world name in lab/worlds or a YAML path")
    s.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    s.add_argument("--state-dir", default=".lab")
    s.add_argument("--port", action="append", metavar="NAME=PORT", help="fix one switch's port")
    args = p.parse_args(argv)
    return _serve(args)


if __name__ == "__main__":
    sys.exit(main())
