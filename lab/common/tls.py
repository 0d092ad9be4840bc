"""A throw-away CA (trustme) and a server certificate for 127.0.0.1 and localhost."""
from __future__ import annotations

import os
import ssl


def make_context(state_dir: str, prefix: str, organization: str) -> tuple[ssl.SSLContext, str]:
    """Write <state_dir>/<prefix>-ca.pem (+ <prefix>-server.pem/.key); return (server context, ca path)."""
    import trustme   # only HTTPS needs it

    os.makedirs(state_dir, exist_ok=True)
    ca = trustme.CA(organization_name=organization)
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca_path = os.path.join(state_dir, f"{prefix}-ca.pem")
    ca.cert_pem.write_to_path(ca_path)
    cert_path = os.path.join(state_dir, f"{prefix}-server.pem")
    key_path = os.path.join(state_dir, f"{prefix}-server.key")
    cert.cert_chain_pems[0].write_to_path(cert_path)
    for extra in cert.cert_chain_pems[1:]:
        extra.write_to_path(cert_path, append=True)
    cert.private_key_pem.write_to_path(key_path)
    os.chmod(key_path, 0o600)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert_path, key_path)
    return ctx, ca_path
