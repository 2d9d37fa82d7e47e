"""What the resource classes hand to the engine, seen through Pulumi's mocks: type tokens and secrets.

A dynamic provider never sees secrets (the engine strips them and re-marks the outputs of the
same property path), so whether a value stays secret is decided here, on the program side.
"""

from __future__ import annotations

import pulumi
import pytest
from google.protobuf import json_format
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import settings as runtime_settings
from pulumi.runtime.stack import run_in_stack
from pulumi.runtime.sync_await import _sync_await

from infra.railway import CustomDomain, Environment, Project, Service, ServiceDomain, ServiceInstance, VariableCollection

SECRET_SIGNATURE = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}
PLANTED_SECRET = "whsec_planted_for_the_program_test"
PLANTED_TOKEN = "rw-planted-token-for-the-program-test"


class _Echo(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


class _Recorder(pulumi_mocks.MockMonitor):
    """Keeps each registration request whole: wire-form inputs, with secrets still marked."""

    def __init__(self):
        super().__init__(_Echo())
        self.requests = {}

    def RegisterResource(self, request):
        self.requests[request.name] = request
        return super().RegisterResource(request)


DECLARED: dict[str, pulumi.Resource] = {}


def _program() -> None:
    project = Project("project", name="myapp-backend", api_token=PLANTED_TOKEN)
    environment = Environment("environment", project_id=project.id, name="staging")
    service = Service("service", project_id=project.id, name="myapp-backend", source_repo="myapp/myapp-backend")
    where = {"environment_id": environment.id, "service_id": service.id}
    ServiceInstance("instance", **where, healthcheck_path="/health", num_replicas=2, vcpus=1, memory_gb=1)
    VariableCollection(
        "variables",
        project_id=project.id,
        **where,
        variables={"PORT": "8080", "STRIPE_WEBHOOK_SECRET": PLANTED_SECRET},
        sealed=["STRIPE_WEBHOOK_SECRET"],
    )
    ServiceDomain("service-domain", **where, subdomain="myapp-backend-staging", target_port=8080)
    DECLARED["custom-domain"] = CustomDomain("custom-domain", project_id=project.id, **where, domain="api.myapp.com", target_port=8080)


@pytest.fixture(scope="module")
def registered() -> dict:
    monitor = _Recorder()
    # As in infra/plan: a stand-in root keeps set_mocks from closing the stack run_in_stack opens.
    runtime_settings.ROOT.set(monitor)
    pulumi.runtime.set_mocks(monitor.mocks, project="railway-provider-tests", stack="test", preview=False, monitor=monitor)
    runtime_settings.ROOT.set(None)
    _sync_await(run_in_stack(_program))
    return monitor.requests


def wire(request) -> dict:
    return json_format.MessageToDict(request.object)


@pytest.mark.parametrize(
    "name, token",
    [
        ("project", "pulumi-python:dynamic/railway:Project"),
        ("environment", "pulumi-python:dynamic/railway:Environment"),
        ("service", "pulumi-python:dynamic/railway:Service"),
        ("instance", "pulumi-python:dynamic/railway:ServiceInstance"),
        ("variables", "pulumi-python:dynamic/railway:VariableCollection"),
        ("service-domain", "pulumi-python:dynamic/railway:ServiceDomain"),
        ("custom-domain", "pulumi-python:dynamic/railway:CustomDomain"),
    ],
)
def test_each_resource_registers_under_the_type_token_the_policy_pack_expects(registered, name, token):
    assert registered[name].type == token


def test_a_sealed_variable_reaches_the_engine_as_a_secret(registered):
    value = wire(registered["variables"])["variables"]["STRIPE_WEBHOOK_SECRET"]
    assert value == {**SECRET_SIGNATURE, "value": PLANTED_SECRET}, "sealed STRIPE_WEBHOOK_SECRET reaches the engine in plaintext"


def test_sealing_is_key_by_key_so_a_diff_can_still_name_plain_variables(registered):
    assert wire(registered["variables"])["variables"]["PORT"] == "8080", "PORT was made secret along with the sealed variables"


def test_an_api_token_input_reaches_the_engine_only_as_a_secret(registered):
    assert wire(registered["project"])["apiToken"] == {**SECRET_SIGNATURE, "value": PLANTED_TOKEN}


def test_an_api_token_is_a_secret_output_too(registered):
    assert "apiToken" in registered["project"].additionalSecretOutputs


def test_the_serialized_provider_is_plain_because_it_holds_nothing_secret(registered):
    assert isinstance(wire(registered["service"])["__provider"], str), "the pickled Service provider was marked secret"


def test_outputs_are_reachable_by_their_snake_case_names(registered):
    domain = DECLARED["custom-domain"]
    assert domain.cname_target is domain.cnameTarget, "CustomDomain.cname_target is not the cnameTarget output"
