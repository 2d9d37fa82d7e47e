"""What every rule family shares: plain views of the resources the engine sends, and the two
policy factories that turn a small check function into a CrossGuard policy.

The SDK hands a policy proxies that raise as soon as an unknown (not yet computed) value is
read, which would skip the whole policy for the whole resource. `plain` copies the inputs into
ordinary dicts and lists with each unknown replaced by `UNKNOWN`, so each rule decides what an
unknown means for it (usually: nothing can be said yet).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import (
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError


class _Unknown:
    def __repr__(self) -> str:
        return "<unknown until apply>"


UNKNOWN: Any = _Unknown()


def plain(value: Any) -> Any:
    """`value` as plain dicts/lists/scalars, every unknown replaced by `UNKNOWN`, and whole
    numbers as ints (protobuf's Struct carries every number as a float: 31536000.0)."""
    if isinstance(value, Mapping):
        result = {}
        for key in value:
            try:
                result[key] = plain(value[key])
            except UnknownValueError:
                result[key] = UNKNOWN
        return result
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        items = []
        for index in range(len(value)):
            try:
                items.append(plain(value[index]))
            except UnknownValueError:
                items.append(UNKNOWN)
        return items
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def lookup(mapping: Any, *names: str) -> Any:
    """The first of `names` present in `mapping`, matched loosely: `include_subdomains`,
    `includeSubdomains` and `IncludeSubDomains` are one key (wire names vary with the SDK)."""
    if not isinstance(mapping, dict):
        return None
    loose = {_loose(key): value for key, value in mapping.items()}
    for name in names:
        if _loose(name) in loose:
            return loose[_loose(name)]
    return None


def _loose(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def quoted(value: Any) -> str:
    """A non-secret value as it appears in a message."""
    if value is UNKNOWN:
        return "unknown until apply"
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Resource:
    """One resource as a rule sees it: plain inputs and the options that matter here."""

    type: str
    name: str
    urn: str
    props: dict[str, Any]
    protect: bool = False
    property_dependencies: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """`ProjectRoute "myapp-frontend-security-headers"`: how messages name a resource."""
        return f'{self.type.rsplit(":", 1)[-1]} "{self.name}"'

    @classmethod
    def from_validation(cls, args: ResourceValidationArgs) -> Resource:
        return cls(args.resource_type, args.name, args.urn, plain(args.props), bool(args.opts.protect))

    @classmethod
    def from_stack(cls, resource: Any) -> Resource:
        deps = {key: tuple(dep.urn for dep in deps) for key, deps in resource.property_dependencies.items()}
        return cls(resource.resource_type, resource.name, resource.urn, plain(resource.props), bool(resource.opts.protect), deps)


def problem(resource: Resource, prop: str, shown: str, issue: str, fix: str) -> str:
    """The one shape of every violation message: resource, property, value, why, and the fix."""
    return f"{resource.label}: {prop} is {shown}: {issue}. Fix: {fix}."


Settings = Mapping[str, Any]
ConfigSchema = Mapping[str, Mapping[str, Any]]
ResourceCheck = Callable[[Resource, Settings], Iterable[str]]
StackCheck = Callable[[Sequence[Resource], Settings], Iterable[tuple[str, str | None]]]


def _settings(schema: ConfigSchema, configured: Mapping[str, Any]) -> dict[str, Any]:
    # The engine fills schema defaults in before `Configure`; filling them here too keeps a
    # policy correct when it is run with no configuration at all.
    defaults = {key: spec["default"] for key, spec in schema.items() if "default" in spec}
    return plain({**defaults, **dict(configured or {})})


def _schema(config: ConfigSchema) -> PolicyConfigSchema | None:
    return PolicyConfigSchema(properties={key: dict(spec) for key, spec in config.items()}) if config else None


def resource_policy(
    name: str,
    description: str,
    types: Iterable[str] | None,
    check: ResourceCheck,
    severity: Severity,
    config: ConfigSchema | None = None,
) -> ResourceValidationPolicy:
    """A policy running `check` on each resource of `types` (every type when None)."""
    wanted = frozenset(types) if types is not None else None
    schema = config or {}

    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        if wanted is not None and args.resource_type not in wanted:
            return
        resource = Resource.from_validation(args)
        for message in check(resource, _settings(schema, args.get_config())):
            report_violation(message, None)

    return ResourceValidationPolicy(name=name, description=description, validate=validate, config_schema=_schema(schema), severity=severity)


def stack_policy(
    name: str, description: str, check: StackCheck, severity: Severity, config: ConfigSchema | None = None
) -> StackValidationPolicy:
    """A policy running `check` once over every resource of the stack; it names the URN."""
    schema = config or {}

    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        resources = [Resource.from_stack(resource) for resource in args.resources]
        for message, urn in check(resources, _settings(schema, args.get_config())):
            report_violation(message, urn)

    return StackValidationPolicy(name=name, description=description, validate=validate, config_schema=_schema(schema), severity=severity)
