"""The myapp security policy pack's rules, one module per family; `POLICIES` is the whole pack.

Families: security_headers (HSTS, nosniff, framing, CSP, Referrer-Policy, XSS auditor, header
route present), tls (Cloudflare zone settings), dns (proxied records), cors, secrets, protection.
Nothing here imports the program under infra/ or any provider SDK: the pack is an independent
check of what the engine is about to do.
"""

from . import cors, dns, protection, secrets, security_headers, tls

PACK_NAME = "myapp-security"

POLICIES = [
    *security_headers.POLICIES,
    *tls.POLICIES,
    *dns.POLICIES,
    *cors.POLICIES,
    *secrets.POLICIES,
    *protection.POLICIES,
]

__all__ = ["PACK_NAME", "POLICIES"]
