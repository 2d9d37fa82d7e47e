"""Builders for resources in the shape the engine sends them (wire form, camelCase inputs,
secrets wrapped in Pulumi's signature object), and secret-shaped values made at run time
(never written out in the repository)."""

from __future__ import annotations

import base64
import copy
import dataclasses
import json
import random
import string
from collections.abc import Callable
from typing import Any

from infra.plan.model import SECRET_SIG_KEY, SECRET_SIG_VALUE, UNKNOWN_SENTINEL, PlannedResource

PROJECT = "myapp-infra"
UNKNOWN = UNKNOWN_SENTINEL
_random = random.Random(20240607)


def secret(value: Any) -> dict:
    return {SECRET_SIG_KEY: SECRET_SIG_VALUE, "value": value}


def urn(stack: str, type_: str, name: str, parent_type: str | None = None) -> str:
    qualified = f"{parent_type}${type_}" if parent_type else type_
    return f"urn:pulumi:{stack}::{PROJECT}::{qualified}::{name}"


def resource(
    stack: str,
    type_: str,
    name: str,
    inputs: dict,
    *,
    protect: bool = False,
    parent_type: str | None = None,
    property_dependencies: dict | None = None,
) -> PlannedResource:
    return PlannedResource(
        urn=urn(stack, type_, name, parent_type),
        type=type_,
        name=name,
        parent=None,
        custom=True,
        inputs=inputs,
        property_dependencies=property_dependencies or {},
        options={"protect": protect},
    )


def with_inputs(target: PlannedResource, change: Callable[[dict], None]) -> PlannedResource:
    inputs = copy.deepcopy(target.inputs)
    change(inputs)
    return dataclasses.replace(target, inputs=inputs)


# --- secret-shaped values, synthesized -----------------------------------------------------


def _token(length: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(_random.choice(alphabet) for _ in range(length))


def stripe_key(kind: str = "sk", mode: str = "live") -> str:
    return f"{kind}_" + f"{mode}_" + _token(32)


def webhook_secret() -> str:
    return "wh" + "sec_" + _token(32)


def sendgrid_key() -> str:
    return "S" + "G." + _token(22) + "." + _token(43)


def private_key() -> str:
    return "-----BEGIN " + "PRIVATE KEY-----\n" + _token(64) + "\n-----END " + "PRIVATE KEY-----"


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def supabase_jwt(role: str) -> str:
    header = _b64({"alg": "HS256", "typ": "JWT"})
    payload = _b64({"iss": "supabase", "ref": "xxxxx", "role": role, "iat": 1700000000, "exp": 2000000000})
    return f"{header}.{payload}.{_token(43, string.ascii_letters + string.digits + '-_')}"


def random_secret(length: int) -> str:
    return _token(length)
