"""Recognising a secret by its shape, and showing one without revealing it.

Shapes: Stripe secret, restricted and webhook keys; a Supabase service-role JWT (the payload
is decoded: role service_role); a SendGrid API key; a PEM private key; a URL carrying a
password. `SecretShape.shown` keeps only the well-known prefix and the length.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class SecretShape:
    kind: str
    shown: str


def _length(token: str) -> str:
    return f"{len(token)} chars"


_STRIPE = re.compile(r"\b(sk|rk)_(live|test)_[0-9A-Za-z]{8,}")
_STRIPE_KINDS = {"sk": "a Stripe secret key", "rk": "a Stripe restricted key"}
_WEBHOOK = re.compile(r"\bwhsec_[0-9A-Za-z+/=]{8,}")
_SENDGRID = re.compile(r"\bSG\.[\w-]{8,}\.[\w-]{8,}")
_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")
_JWT = re.compile(r"\beyJ[\w-]*\.eyJ[\w-]*\.[\w-]*")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s\"'<>]+", re.IGNORECASE)


def jwt_claims(token: str) -> dict:
    """The payload of a JWT (unverified: only to tell what kind of key it is)."""
    payload = token.split(".")[1]
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (binascii.Error, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}


def url_with_password(value: str) -> str | None:
    """The first URL in `value` that carries a password, shown with its userinfo masked."""
    for match in _URL.finditer(value):
        parts = urlsplit(match.group(0))
        if parts.password:
            return f"{parts.scheme}://****:****@{parts.hostname or ''}{':' + str(parts.port) if _port(parts) else ''}/…"
    return None


def _port(parts) -> int | None:
    try:
        return parts.port
    except ValueError:
        return None


def find_secret(value: str) -> SecretShape | None:
    """What kind of secret `value` holds, going by shape alone; None if it looks like none."""
    if match := _STRIPE.search(value):
        prefix, mode = match.group(1), match.group(2)
        return SecretShape(f"{_STRIPE_KINDS[prefix]} ({mode} mode)", f"{prefix}_{mode}_… ({_length(match.group(0))})")
    if match := _WEBHOOK.search(value):
        return SecretShape("a Stripe webhook signing secret", f"whsec_… ({_length(match.group(0))})")
    if match := _SENDGRID.search(value):
        return SecretShape("a SendGrid API key", f"SG.… ({_length(match.group(0))})")
    if match := _PRIVATE_KEY.search(value):
        return SecretShape("a private key", f"{match.group(0)} … ({_length(value)})")
    for match in _JWT.finditer(value):
        if jwt_claims(match.group(0)).get("role") == "service_role":
            return SecretShape(
                "a Supabase service-role key (JWT with role service_role, which bypasses row-level security)",
                f"eyJ… (JWT, role service_role, {_length(match.group(0))})",
            )
    if shown := url_with_password(value):
        return SecretShape("a URL with a password in it", shown)
    return None
