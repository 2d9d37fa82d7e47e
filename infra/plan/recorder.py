"""Runs the real program under Pulumi's mocks and records what it declares.

`pulumi.runtime.set_mocks` replaces the engine with an in-process monitor; a subclass of
Pulumi's own `MockMonitor` keeps each registration request whole (parent, dependencies,
options, inputs in wire form) instead of only the deserialized inputs `Mocks` sees.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pulumi
from google.protobuf import json_format
from pulumi.runtime import mocks as pulumi_mocks

from infra.nested import whole_numbers
from infra.pulumi_internals import run_with_mocks

from .model import PlannedResource, StackPlan
from .stack_files import StackFile

STACK_TYPE = "pulumi:pulumi:Stack"


# Physical ids only the cloud could assign; stable so plans diff cleanly.
def mock_id(name: str) -> str:
    return f"offline-{name}"


class _EchoMocks(pulumi.runtime.Mocks):
    """Outputs equal inputs; what only the cloud could compute stays unknown, as in a first preview."""

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        return args.resource_id or mock_id(args.name), dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


class _RecordingMonitor(pulumi_mocks.MockMonitor):
    def __init__(self, mocks: pulumi.runtime.Mocks):
        super().__init__(mocks)
        self.requests: list[Any] = []
        self.stack_outputs: dict[str, Any] = {}

    def RegisterResource(self, request):
        response = super().RegisterResource(request)
        self.requests.append((response.urn, request))
        return response

    def RegisterResourceOutputs(self, request):
        if request.urn.split("::")[-2] == STACK_TYPE:
            self.stack_outputs = whole_numbers(json_format.MessageToDict(request.outputs))
        return super().RegisterResourceOutputs(request)


def _options(request) -> dict[str, Any]:
    options: dict[str, Any] = {"protect": bool(request.protect)}
    if request.importId:
        options["import"] = request.importId
    if request.ignoreChanges:
        options["ignoreChanges"] = list(request.ignoreChanges)
    if request.replaceOnChanges:
        options["replaceOnChanges"] = list(request.replaceOnChanges)
    if request.deleteBeforeReplace:
        options["deleteBeforeReplace"] = True
    if request.retainOnDelete:
        options["retainOnDelete"] = True
    if request.additionalSecretOutputs:
        options["additionalSecretOutputs"] = list(request.additionalSecretOutputs)
    return options


def _planned(urn: str, request) -> PlannedResource:
    return PlannedResource(
        urn=urn,
        type=request.type,
        name=request.name,
        parent=request.parent or None,
        custom=bool(request.custom),
        inputs=whole_numbers(json_format.MessageToDict(request.object)),
        dependencies=tuple(sorted(set(request.dependencies))),
        property_dependencies={
            key: tuple(sorted(set(deps.urns))) for key, deps in sorted(request.propertyDependencies.items()) if deps.urns
        },
        provider=request.provider or None,
        options=_options(request),
    )


def record_program(stack_file: StackFile, program: Callable[[], None]) -> StackPlan:
    """Run `program` as stack `stack_file.stack` would run under `pulumi preview`, offline."""
    monitor = _RecordingMonitor(_EchoMocks())
    warnings = _Warnings(stack_file.stack)
    run_with_mocks(
        monitor.mocks,
        monitor,
        project=stack_file.project,
        stack=stack_file.stack,
        config=stack_file.config,
        secret_keys=set(stack_file.secret_keys),
        program=program,
        logger=warnings.logger,
    )
    resources = tuple(sorted((_planned(urn, request) for urn, request in monitor.requests), key=lambda r: r.urn))
    return StackPlan(stack_file.project, stack_file.stack, resources, monitor.stack_outputs, tuple(warnings.messages))


class _Warnings(logging.Handler):
    """Collects what the program logs at warning level or above, for the plan to show."""

    def __init__(self, stack: str):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.logger = logging.getLogger(f"{__name__}.{stack}")
        self.logger.propagate = False
        self.logger.handlers = [self]

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
