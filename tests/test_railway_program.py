"""What the Railway SDK's classes hand to the engine, seen through Pulumi's mocks: type tokens and secrets."""

from __future__ import annotations

from typing import TypedDict

import pulumi
import pytest
from google.protobuf import json_format
from pulumi.runtime import mocks as pulumi_mocks

from infra.pulumi_internals import run_with_mocks
from pulumiverse_railway import CustomDomain, Environment, Project, Provider, Service, ServiceDomain, ServiceInstance, VariableCollection

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


class _Where(TypedDict):
    """The environment and service a service-level resource belongs to."""

    environment_id: pulumi.Output[str]
    service_id: pulumi.Output[str]


def _program() -> None:
    Provider("railway", token=PLANTED_TOKEN)
    project = Project("project", name="myapp-backend")
    environment = Environment("environment", project_id=project.id, name="staging")
    service = Service("service", project_id=project.id, name="myapp-backend", source_repo="myapp/myapp-backend")
    where: _Where = {"environment_id": environment.id, "service_id": service.id}
    ServiceInstance("instance", **where, healthcheck_path="/health", num_replicas=2, v_cpus=1, memory_gb=1)
    VariableCollection(
        "variables",
        project_id=project.id,
        **where,
        variables={"PORT": "8080", "STRIPE_WEBHOOK_SECRET": pulumi.Output.secret(PLANTED_SECRET)},
        sealed=["STRIPE_WEBHOOK_SECRET"],
    )
    ServiceDomain("service-domain", **where, subdomain="myapp-backend-staging", target_port=8080)
    DECLARED["custom-domain"] = CustomDomain("custom-domain", project_id=project.id, **where, domain="api.myapp.com", target_port=8080)


@pytest.fixture(scope="module")
def registered() -> dict:
    monitor = _Recorder()
    run_with_mocks(
        monitor.mocks,
        monitor,
        project="railway-provider-tests",
        stack="test",
        config={},
        secret_keys=set(),
        program=_program,
        preview=False,
    )
    return monitor.requests


def wire(request) -> dict:
    return json_format.MessageToDict(request.object)


@pytest.mark.parametrize(
    "name, token",
    [
        ("project", "railway:index:Project"),
        ("environment", "railway:index:Environment"),
        ("service", "railway:index:Service"),
        ("instance", "railway:index:ServiceInstance"),
        ("variables", "railway:index:VariableCollection"),
        ("service-domain", "railway:index:ServiceDomain"),
        ("custom-domain", "railway:index:CustomDomain"),
    ],
)
def test_each_resource_registers_under_the_type_token_the_policy_pack_expects(registered, name, token):
    assert registered[name].type == token


def test_a_sealed_variable_reaches_the_engine_as_a_secret(registered):
    value = wire(registered["variables"])["variables"]["STRIPE_WEBHOOK_SECRET"]
    assert value == {**SECRET_SIGNATURE, "value": PLANTED_SECRET}, "sealed STRIPE_WEBHOOK_SECRET reaches the engine in plaintext"


def test_sealing_is_key_by_key_so_a_diff_can_still_name_plain_variables(registered):
    assert wire(registered["variables"])["variables"]["PORT"] == "8080", "PORT was made secret along with the sealed variables"


def test_the_provider_token_reaches_the_engine_only_as_a_secret(registered):
    provider = registered["railway"]
    assert provider.type == "pulumi:providers:railway"
    assert wire(provider)["token"] == {**SECRET_SIGNATURE, "value": PLANTED_TOKEN}, "railway:token reaches the engine in plaintext"


def test_the_provider_token_is_a_secret_output_too(registered):
    assert "token" in registered["railway"].additionalSecretOutputs


def test_every_resource_asks_for_the_plugin_version_its_sdk_was_generated_with(registered):
    import pulumiverse_railway

    assert {registered[name].version for name in ("project", "service", "variables")} == {pulumiverse_railway._utilities.get_version()}


def test_outputs_are_reachable_by_their_snake_case_names(registered):
    assert isinstance(DECLARED["custom-domain"].cname_target, pulumi.Output)
