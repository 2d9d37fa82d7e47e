"""Secrets in environment variables: the Vercel project's variables and the Railway service's
variable collection.

A variable is *exposed* when its value can be read by more than the running code: a Vercel
`NEXT_PUBLIC_*` variable (compiled into the browser bundle), a Vercel variable without
`sensitive: true` (readable in the dashboard and CLI), a Railway variable not listed in
`sealed`. Exposed variables must not hold a secret by its shape; variables whose name says
secret must not be exposed; JWT signing secrets must be long enough to resist brute force.
No message ever shows a value: only a recognisable prefix and a length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pulumi_policy import Severity

from . import tokens
from .base import UNKNOWN, Resource, Settings, problem, quoted, resource_policy
from .secret_shapes import find_secret, url_with_password

# Next.js inlines variables with this prefix into the JavaScript it sends to browsers.
PUBLIC_PREFIX = "NEXT_PUBLIC_"
VARIABLE_TYPES = (tokens.VERCEL_ENV_VARIABLE, tokens.VERCEL_ENV_VARIABLES, tokens.RAILWAY_VARIABLES)


@dataclass(frozen=True)
class Exposure:
    prop: str
    shown: str
    why: str
    fix: str


@dataclass(frozen=True)
class Variable:
    name: str
    value: Any
    path: str
    exposure: Exposure | None  # None: only the running code can read it


def _vercel_variable(entry: dict, path: str) -> Variable | None:
    name = entry.get("key")
    if not isinstance(name, str):
        return None
    where = f"{path}value (key {name})"
    if name.startswith(PUBLIC_PREFIX):
        public = Exposure(
            f"{path}key",
            quoted(name),
            "the value of a NEXT_PUBLIC_ variable is compiled into the browser bundle",
            "keep it server-side: drop the NEXT_PUBLIC_ prefix, set sensitive: true, and roll the secret (it may have shipped)",
        )
        return Variable(name, entry.get("value"), where, public)
    sensitive = entry.get("sensitive")
    exposure = None
    if sensitive is not True and sensitive is not UNKNOWN:
        exposure = Exposure(
            f"{path}sensitive",
            quoted(sensitive) if "sensitive" in entry else "absent (false)",
            "the value is then readable in Vercel's dashboard and CLI by everyone on the team",
            "set sensitive: true",
        )
    return Variable(name, entry.get("value"), where, exposure)


def variables_of(resource: Resource) -> list[Variable]:
    props = resource.props
    if resource.type == tokens.VERCEL_ENV_VARIABLE:
        variable = _vercel_variable(props, "")
        return [variable] if variable else []
    if resource.type == tokens.VERCEL_ENV_VARIABLES:
        listed = props.get("variables")
        entries = listed if isinstance(listed, list) else []
        found = (_vercel_variable(e, f"variables[{i}].") for i, e in enumerate(entries) if isinstance(e, dict))
        return [variable for variable in found if variable]
    variables, sealed = props.get("variables"), props.get("sealed")
    if not isinstance(variables, dict) or sealed is UNKNOWN:
        return []
    sealed = set(sealed) if isinstance(sealed, list) else set()
    shown_sealed = quoted(sorted(sealed))
    return [
        Variable(
            name,
            value,
            f'variables["{name}"]',
            None
            if name in sealed
            else Exposure(
                "sealed",
                f'{shown_sealed} (without "{name}")',
                "Railway then shows the value to everyone with access to the project",
                f'add "{name}" to sealed',
            ),
        )
        for name, value in variables.items()
    ]


def name_says_secret(variable: Variable, settings: Settings) -> str | None:
    """Why the name marks the variable as secret, or None."""
    name = variable.name.upper()
    if any(marker.upper() in name for marker in settings["publicKeyMarkers"]):
        return None
    for marker, reading in (("SECRET", "SECRET"), ("PASSWORD", "PASSWORD"), ("PRIVATE_KEY", "PRIVATE_KEY")):
        if marker in name:
            return f"its name says {reading}"
    for suffix in ("_KEY", "_TOKEN"):
        if name.endswith(suffix):
            return f"its name ends in {suffix}"
    if name.endswith("DATABASE_URL") and isinstance(variable.value, str) and url_with_password(variable.value):
        return "it is a database URL with a password in it"
    return None


def check_public_values(resource: Resource, settings: Settings) -> Iterable[str]:
    for variable in variables_of(resource):
        if variable.exposure is None or not isinstance(variable.value, str):
            continue
        shape = find_secret(variable.value)
        if shape:
            yield problem(resource, variable.path, shape.shown, f"it is {shape.kind}, and {variable.exposure.why}", variable.exposure.fix)


def check_secret_names(resource: Resource, settings: Settings) -> Iterable[str]:
    for variable in variables_of(resource):
        exposure = variable.exposure
        reason = name_says_secret(variable, settings) if exposure else None
        if exposure and reason:
            yield problem(
                resource,
                exposure.prop,
                exposure.shown,
                f"{variable.name} holds a secret ({reason}), and {exposure.why}",
                exposure.fix,
            )


def check_jwt_secret_length(resource: Resource, settings: Settings) -> Iterable[str]:
    minimum = settings["minBytes"]
    for variable in variables_of(resource):
        name = variable.name.upper()
        if "JWT" in name and "SECRET" in name and isinstance(variable.value, str):
            length = len(variable.value.encode())
            if length < minimum:
                yield problem(
                    resource,
                    variable.path,
                    f"{length} bytes long (value hidden)",
                    f"a JWT signing secret under {minimum} bytes can be brute-forced offline from any issued token",
                    f"generate {minimum}+ random bytes (openssl rand -base64 48) and set it with `pulumi config set --secret`",
                )


POLICIES = [
    resource_policy(
        "no-secret-in-public-variable",
        "A variable readable beyond the running code (NEXT_PUBLIC_*, not sensitive, not sealed) holds no secret-shaped value.",
        VARIABLE_TYPES,
        check_public_values,
        Severity.CRITICAL,
    ),
    resource_policy(
        "secret-variable-sensitive",
        "A variable whose name says secret (…_SECRET, …_KEY, …_TOKEN, DATABASE_URL with a password) is sensitive (Vercel) or sealed (Railway).",
        VARIABLE_TYPES,
        check_secret_names,
        Severity.HIGH,
        {
            "publicKeyMarkers": {
                "type": "array",
                "items": {"type": "string"},
                "default": ["PUBLISHABLE", "ANON"],
                "description": "Name parts of keys that are public by design (Stripe publishable key, Supabase anon key).",
            },
        },
    ),
    resource_policy(
        "jwt-secret-length",
        "A JWT signing secret (a variable named like JWT_SECRET) is at least 32 bytes long.",
        VARIABLE_TYPES,
        check_jwt_secret_length,
        Severity.HIGH,
        {"minBytes": {"type": "integer", "minimum": 1, "default": 32, "description": "Shortest accepted secret, in bytes."}},
    ),
]
