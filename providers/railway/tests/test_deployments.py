"""The deployments of a service, through the plugin's `getDeployments`, and the rollback behind a rollback command."""

from __future__ import annotations

import pytest
from backend_set import create_backend_set
from plugin_harness import from_struct, to_struct
from pulumi.runtime.proto import provider_pb2

from pulumiverse_railway.plugin.client import RailwayClient
from pulumiverse_railway.plugin.deployments import list_deployments, rollback, rollback_target
from pulumiverse_railway.plugin.errors import RailwayError


@pytest.fixture
def deployed(plugin, fake_railway):
    backend = create_backend_set(plugin)
    where = (backend.id("Project"), backend.id("Environment"), backend.id("Service"))
    first, second = fake_railway.deploy(*where[1:]), fake_railway.deploy(*where[1:])
    fake_railway.reset()
    return where, first, second


def test_get_deployments_lists_a_services_deployments_newest_first(plugin, deployed):
    (project, environment, service), first, second = deployed
    args = to_struct({"projectId": project, "environmentId": environment, "serviceId": service})
    answer = plugin.stub.Invoke(provider_pb2.InvokeRequest(tok="railway:index:getDeployments", args=args))
    found = from_struct(getattr(answer, "return"))["deployments"]
    assert [d["id"] for d in found] == [second, first] and [d["canRollback"] for d in found] == [False, True], found


def test_get_deployments_without_a_service_is_a_clear_failure(plugin):
    answer = plugin.stub.Invoke(provider_pb2.InvokeRequest(tok="railway:index:getDeployments", args=to_struct({"projectId": "p"})))
    assert {f.property for f in answer.failures} == {"environmentId", "serviceId"}


def test_a_rollback_goes_to_the_newest_earlier_deployment_railway_allows(deployed, fake_railway, railway_token):
    (project, environment, service), first, _second = deployed
    with RailwayClient(railway_token, endpoint=fake_railway.url) as client:
        deployments = list_deployments(client, project, environment, service)
        target = rollback_target(deployments)
        rollback(client, deployments, target.id)
    assert target.id == first and fake_railway.count("DeploymentRollback") == 1


def test_a_deployment_railway_cannot_roll_back_to_is_refused_before_asking(deployed, fake_railway, railway_token):
    (project, environment, service), _first, second = deployed
    with RailwayClient(railway_token, endpoint=fake_railway.url) as client, pytest.raises(RailwayError, match="canRollback"):
        rollback(client, list_deployments(client, project, environment, service), second)
    assert fake_railway.count("DeploymentRollback") == 0


def test_after_a_rollback_the_next_rollback_goes_further_back_not_forward(deployed, fake_railway, railway_token):
    (project, environment, service), first, second = deployed
    third = fake_railway.deploy(environment, service)
    with RailwayClient(railway_token, endpoint=fake_railway.url) as client:
        deployments = list_deployments(client, project, environment, service)
        target = rollback_target(deployments, current_id=second)
    assert target.id == first, f"rolling back from {second} picked {target.id} (newest is {third})"
