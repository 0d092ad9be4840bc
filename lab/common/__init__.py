"""Plumbing both simulators share: TLS, fault-injection basics, HTTP serving, lifecycle and stats.

Nothing protocol-specific lives here: what goes on the wire (ZStack REST, Alibaba POP RPC) stays in
``lab.zstack`` and ``lab.apsara``. Like the rest of the lab it imports nothing from ``plugins/``.
"""
