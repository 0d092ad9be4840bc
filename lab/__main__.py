"""Command line: run the lab in the foreground, or change its faults at runtime.

    python -m lab serve --world demo --host 127.0.0.1 --zstack-http-port 18080 \\
        --zstack-https-port 18443 --state-dir .lab [--latency-ms N] \\
        [--scale-hosts N --scale-vms N --scale-volumes N]
    python -m lab faults --state-dir .lab latency_ms=20 error_rate=0.1 fail_async.StopVmInstance=1.0
    python -m lab faults --state-dir .lab            # show current faults
    python -m lab stats --state-dir .lab
    python -m lab writes --state-dir .lab          # the write log (reset-writes clears it)
    python -m lab expire-sessions --state-dir .lab

``serve`` also starts the simulated Apsara Stack POP gateway (lab/apsara) on
--apsara-http-port (18090) / --apsara-https-port (18453), and its ASAPI gateway (``/asapi/v3``) on
--apsara-asapi-port (18099), unless --no-apsara; its URLs, credentials and CA go into lab.json
under "apsara". ZStack AccessKeys (world key ``access_keys``) are listed in lab.json next to the accounts. ``faults``/``stats``/``reset-stats``
take --apsara to address that gateway instead of ZStack.

``serve`` writes <state-dir>/zstack-ca.pem and, once listening, <state-dir>/lab.json
(urls, ca path, credentials, pid), prints one ``lab ready ...`` line, and runs until
SIGTERM/SIGINT (then removes lab.json).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.request

from lab.common.serving import remove_info, stop_requested, write_info


def _serve(args) -> int:
    from lab.zstack import ZStackLab

    scale = {k: v for k, v in (("hosts", args.scale_hosts), ("vms", args.scale_vms),
                               ("volumes", args.scale_volumes)) if v is not None} or None
    os.makedirs(args.state_dir, exist_ok=True)
    info_path = os.path.join(args.state_dir, "lab.json")
    if os.path.exists(info_path):
        os.remove(info_path)
    lab = ZStackLab(world=args.world, host=args.host, http_port=args.zstack_http_port,
                    https_port=args.zstack_https_port, state_dir=os.path.abspath(args.state_dir),
                    session_timeout=args.session_timeout, latency_ms=args.latency_ms, scale=scale,
                    max_sessions=args.max_sessions, mn_address=args.mn_address)
    lab.start()
    info = lab.info()
    info["zstack"] = {"http_url": lab.http_url, "https_url": lab.https_url, "ca_file": lab.ca_file,
                      "control_url": f"{lab.http_url}/_lab"}
    apsara = None
    if not args.no_apsara:
        from lab.apsara import ApsaraLab
        # a ZStack world with an Apsara counterpart (lab/worlds/apsara_<world>.yml: scaling) serves that one too
        twin = os.path.join(os.path.dirname(os.path.abspath(__file__)), "worlds", "apsara_%s.yml" % args.world)
        apsara_world = args.apsara_world or (args.world if args.world in ("demo", "scale") or os.path.exists(twin)
                                             else "demo")
        apsara = ApsaraLab(world=apsara_world, host=args.host, http_port=args.apsara_http_port,
                           https_port=args.apsara_https_port, state_dir=os.path.abspath(args.state_dir),
                           latency_ms=args.latency_ms, asapi_port=args.apsara_asapi_port)
        try:
            apsara.start()
            info["apsara"] = apsara.info()
        except OSError as e:       # e.g. port in use: keep serving ZStack, say why Apsara is missing
            apsara.stop()
            apsara = None
            info["apsara"] = {"error": str(e)}
            print(f"apsara not started: {e}", file=sys.stderr, flush=True)
    write_info(info_path, info)
    done = stop_requested()
    print(f"lab ready world={lab.state.name} zstack_http={lab.http_url} zstack_https={lab.https_url} "
          f"ca={lab.ca_file} account={lab.account} access_keys={','.join(lab.state.access_keys) or '-'} "
          f"pid={os.getpid()}", flush=True)
    if apsara is not None:
        print(f"apsara ready world={apsara.state.name} apsara_http={apsara.http_url} apsara_https={apsara.https_url} "
              f"apsara_asapi={apsara.asapi_url} ca={apsara.ca_file} access_key_id={apsara.access_key_id}", flush=True)

    done.wait()
    if apsara is not None:
        apsara.stop()
    lab.stop()
    remove_info(info_path)
    return 0


def _control_url(state_dir: str, apsara: bool = False) -> str:
    with open(os.path.join(state_dir, "lab.json"), encoding="utf-8") as f:
        info = json.load(f)
    return info["apsara" if apsara else "zstack"]["control_url"]


def _call(url, method="GET", data=None):
    body = None if data is None else json.dumps(data).encode()
    req = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))   # loopback only, never a proxy
    with opener.open(req, timeout=10) as rsp:
        raw = rsp.read()
    return json.loads(raw) if raw.strip() else {}


def _parse_value(v: str):
    try:
        return json.loads(v)
    except ValueError:
        return v


def _faults(args) -> int:
    url = _control_url(args.state_dir, getattr(args, "apsara", False)) + "/faults"
    if not args.settings:
        print(json.dumps(_call(url), indent=2))
        return 0
    data: dict = {}
    for item in args.settings:
        key, sep, value = item.partition("=")
        if not sep:
            print(f"expected key=value, got {item!r}", file=sys.stderr)
            return 2
        knob, dot, name = key.partition(".")
        if dot and knob in _MAP_KNOBS:        # fail_async.StopInstance=1, fail_actions.CreateVpc#2=1
            data.setdefault(knob, {})[name] = float(value)
        else:
            data[key] = _parse_value(value)
    print(json.dumps(_call(url, "PUT", data), indent=2))
    return 0


# fault knobs that map an action / API name to a probability
_MAP_KNOBS = ("fail_async", "fail_actions", "fail_apis", "half_apply_resize", "exhaust_capacity")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m lab", description="cloudops.privatecloud lab")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve", help="run the lab in the foreground")
    s.add_argument("--world", default="demo", help="world name in lab/worlds (demo, scale) or a YAML path")
    s.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    s.add_argument("--zstack-http-port", type=int, default=18080)
    s.add_argument("--zstack-https-port", type=int, default=18443)
    s.add_argument("--state-dir", default=".lab")
    s.add_argument("--latency-ms", type=int, default=0)
    s.add_argument("--session-timeout", type=int, default=7200)
    s.add_argument("--max-sessions", type=int, default=500)
    s.add_argument("--mn-address", default="127.0.0.2:8080", help="host:port put in async 'location' URLs")
    s.add_argument("--scale-hosts", type=int)
    s.add_argument("--scale-vms", type=int)
    s.add_argument("--scale-volumes", type=int)
    s.add_argument("--apsara-http-port", type=int, default=18090)
    s.add_argument("--apsara-https-port", type=int, default=18453)
    s.add_argument("--apsara-asapi-port", type=int, default=18099, help="HTTP port of the ASAPI gateway (/asapi/v3)")
    s.add_argument("--apsara-world", default=None, help="Apsara world (demo, scale, scaling) or a YAML path; default follows --world "
                   "where lab/worlds/apsara_<world>.yml exists, else demo")
    s.add_argument("--no-apsara", action="store_true", help="do not start the Apsara gateway")
    f = sub.add_parser("faults", help="show or change fault injection of a running lab")
    f.add_argument("--state-dir", default=".lab")
    f.add_argument("--apsara", action="store_true", help="address the Apsara gateway (knobs: latency_ms, error_rate, "
                                                         "throttle_rate, throttle_code, throttle_status, fail_async.<Action>, "
                                                         "fail_actions.<Action>, exhaust_capacity.<Action>, "
                                                         "type_change_interval_seconds, lost_response_rate, "
                                                         "fail_async_rate, async_seconds, seed, "
                                                         "xml_error_codes=Code1,Code2, cms_legacy_fields)")
    f.add_argument("settings", nargs="*", help="key=value (latency_ms, error_rate, overload_rate, fail_async_rate, "
                                               "fail_async.<Api>=p, fail_apis.<Api>=p, half_apply_resize.<Api>=p, exhaust_capacity.<Api>=p, "
                                               "lost_response_rate, job_seconds, seed, exempt_login, "
                                               "location_context_path)")
    for name in ("stats", "reset-stats", "writes", "reset-writes", "expire-sessions"):
        c = sub.add_parser(name)
        c.add_argument("--state-dir", default=".lab")
        if name != "expire-sessions":
            c.add_argument("--apsara", action="store_true", help="address the Apsara gateway")
    args = p.parse_args(argv)
    if args.cmd == "serve":
        return _serve(args)
    if args.cmd == "faults":
        return _faults(args)
    url = _control_url(args.state_dir, getattr(args, "apsara", False)) + "/" + args.cmd
    read = args.cmd in ("stats", "writes")
    print(json.dumps(_call(url, "GET" if read else "PUT", None if read else {}), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
