"""Each provider's create, read, update and delete against the fake Railway, resource by resource."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from infra.railway import (
    CustomDomainProvider,
    EnvironmentProvider,
    ProjectProvider,
    RailwayGraphQLError,
    RailwayOutcomeUnknown,
    ServiceDomainProvider,
    ServiceInstanceProvider,
    ServiceProvider,
)
from tests.railway.backend_set import RECIPES, BackendSet, Made, create_backend_set, make
from tests.railway.fake_railway import Fault, FakeRailway

KINDS = list(RECIPES)
DELETABLE = [kind for kind in KINDS if kind != "ServiceInstance"]


@pytest.fixture
def backend(fake_railway) -> BackendSet:
    made = create_backend_set()
    fake_railway.reset()
    return made


def _rename_project(fake: FakeRailway, b: BackendSet) -> None:
    fake.state.projects[b.id("Project")]["name"] = "renamed-in-dashboard"


def _rename_environment(fake: FakeRailway, b: BackendSet) -> None:
    fake.state.environments[b.id("Environment")]["name"] = "stage"


def _switch_branch(fake: FakeRailway, b: BackendSet) -> None:
    fake.state.services[b.id("Service")]["branch"] = "main"


def _scale_up(fake: FakeRailway, b: BackendSet) -> None:
    fake.state.instances[(b.id("Environment"), b.id("Service"))]["numReplicas"] = 5


def _edit_variable(fake: FakeRailway, b: BackendSet) -> None:
    fake.state.variables[(b.id("Environment"), b.id("Service"))]["PORT"] = "3000"


def _repoint_service_domain(fake: FakeRailway, b: BackendSet) -> None:
    fake.state.service_domains[b.id("ServiceDomain")]["targetPort"] = 3000


def _repoint_custom_domain(fake: FakeRailway, b: BackendSet) -> None:
    fake.state.custom_domains[b.id("CustomDomain")]["targetPort"] = 3000


# kind -> (a change made in Railway's dashboard, the input it drifts)
DRIFTS: dict[str, tuple[Callable[[FakeRailway, BackendSet], None], str]] = {
    "Project": (_rename_project, "name"),
    "Environment": (_rename_environment, "name"),
    "Service": (_switch_branch, "sourceRepoBranch"),
    "ServiceInstance": (_scale_up, "numReplicas"),
    "VariableCollection": (_edit_variable, "variables"),
    "ServiceDomain": (_repoint_service_domain, "targetPort"),
    "CustomDomain": (_repoint_custom_domain, "targetPort"),
}


@pytest.mark.parametrize("kind", KINDS)
def test_reading_a_resource_just_created_shows_no_drift(backend, kind):
    made = backend[kind]
    read = made.provider.read(made.id, made.outs)
    changed = made.provider.changed_fields(read.outs, made.inputs)
    assert read.id == made.id and not changed, f"{kind} {made.id} reads back different from what was created: {changed}"


@pytest.mark.parametrize("kind", KINDS)
def test_a_read_costs_one_request(backend, fake_railway, kind):
    made = backend[kind]
    made.provider.read(made.id, made.outs)
    assert fake_railway.count() == 1, f"reading {kind} {made.id} took {fake_railway.count()} requests"


@pytest.mark.parametrize("kind", KINDS)
def test_a_change_made_in_railway_is_seen_by_read(backend, fake_railway, kind):
    drift, field = DRIFTS[kind]
    made = backend[kind]
    drift(fake_railway, backend)
    read = made.provider.read(made.id, made.outs)
    changed = made.provider.changed_fields(read.outs, made.inputs)
    assert changed == [field], f"after {drift.__name__}, a refresh of {kind} {made.id} reports drift in {changed}"


@pytest.mark.parametrize("kind", KINDS)
def test_an_update_after_drift_puts_back_the_declared_value(backend, fake_railway, kind):
    drift, _field = DRIFTS[kind]
    made = backend[kind]
    drift(fake_railway, backend)
    drifted = made.provider.read(made.id, made.outs).outs
    made.provider.update(made.id, drifted, made.inputs)
    after = made.provider.read(made.id, drifted)
    assert not made.provider.changed_fields(after.outs, made.inputs), f"{kind} {made.id} still drifts after the update"


@pytest.mark.parametrize("kind", DELETABLE)
def test_a_deleted_resource_reads_as_gone(backend, kind):
    made = backend[kind]
    made.provider.delete(made.id, made.outs)
    assert made.provider.read(made.id, made.outs).id == "", f"{kind} {made.id} still reads as present after delete"


def test_deleting_service_instance_settings_leaves_the_service_in_place(backend, fake_railway):
    made = backend["ServiceInstance"]
    made.provider.delete(made.id, made.outs)
    assert backend.id("Service") in fake_railway.state.services, "deleting ServiceInstance settings deleted the service"


def test_deleting_a_resource_already_gone_succeeds(backend, fake_railway):
    made = backend["CustomDomain"]
    fake_railway.state.custom_domains.clear()
    made.provider.delete(made.id, made.outs)  # raises if a missing domain were an error


def test_adopting_a_project_by_id_creates_no_project(backend, fake_railway):
    make(ProjectProvider(), {"projectId": backend.id("Project")})
    assert len(fake_railway.state.projects) == 1 and not fake_railway.count("ProjectCreate"), "adopting a project created one"


def test_destroying_an_adopted_project_leaves_it_in_railway(backend, fake_railway):
    adopted = make(ProjectProvider(), {"projectId": backend.id("Project")})
    adopted.provider.delete(adopted.id, adopted.outs)
    assert backend.id("Project") in fake_railway.state.projects, "destroying an adopted Project deleted it in Railway"


def test_an_environment_adopting_an_existing_name_creates_no_environment(backend, fake_railway):
    default = fake_railway.state.projects[backend.id("Project")]["primaryEnvironmentId"]
    made = make(EnvironmentProvider(), {"projectId": backend.id("Project"), "name": "production", "adoptExisting": True})
    assert made.id == default and not fake_railway.count("EnvironmentCreate"), "Environment 'production' was created, not adopted"


def test_destroying_an_adopted_environment_leaves_it_in_railway(backend, fake_railway):
    made = make(EnvironmentProvider(), {"projectId": backend.id("Project"), "name": "production", "adoptExisting": True})
    made.provider.delete(made.id, made.outs)
    assert made.id in fake_railway.state.environments, "destroying an adopted Environment 'production' deleted it in Railway"


def test_an_environment_to_adopt_that_does_not_exist_is_created(backend, fake_railway):
    make(EnvironmentProvider(), {"projectId": backend.id("Project"), "name": "preview", "adoptExisting": True})
    assert [e["name"] for e in fake_railway.state.environments.values()].count("preview") == 1, "Environment 'preview' was not created"


def test_a_custom_domain_outputs_the_cname_target_railway_asks_for(backend, fake_railway):
    made = backend["CustomDomain"]
    record = fake_railway.state.custom_domains[made.id]["status"]["dnsRecords"][0]
    assert made.outs["cnameTarget"] == record["requiredValue"], f"CustomDomain {made.outs['domain']} has the wrong DNS target"


def test_a_service_domain_whose_subdomain_is_taken_leaves_no_domain_behind(backend, fake_railway):
    provider = ServiceDomainProvider()
    inputs = {**backend["ServiceDomain"].inputs}  # same subdomain: Railway refuses it the second time
    with pytest.raises(RailwayGraphQLError):
        provider.create(inputs)
    assert len(fake_railway.state.service_domains) == 1, "a failed ServiceDomain create left its half-made domain in Railway"


def test_an_environment_whose_create_answer_was_lost_adopts_what_was_made(backend, fake_railway):
    fake_railway.inject(Fault("EnvironmentCreate", status=502, applied=True))
    made = make(EnvironmentProvider(), {"projectId": backend.id("Project"), "name": "preview"})
    named = [e for e in fake_railway.state.environments.values() if e["name"] == "preview"]
    assert [e["id"] for e in named] == [made.id], f"Environment 'preview' exists {len(named)} times, or was not adopted"


def test_a_custom_domain_whose_create_answer_was_lost_adopts_the_attached_domain(backend, fake_railway):
    fake_railway.inject(Fault("CustomDomainCreate", status=502, applied=True))
    inputs = {**backend["CustomDomain"].inputs, "domain": "www.myapp.com"}
    made = make(CustomDomainProvider(), inputs)
    attached = [d["id"] for d in fake_railway.state.custom_domains.values() if d["domain"] == "www.myapp.com"]
    assert attached == [made.id], "CustomDomain www.myapp.com was not adopted after a lost answer"


def test_a_create_of_unknown_outcome_that_made_nothing_raises(backend, fake_railway):
    fake_railway.inject(Fault("EnvironmentCreate", status=502))
    with pytest.raises(RailwayOutcomeUnknown):
        EnvironmentProvider().create({"projectId": backend.id("Project"), "name": "preview"})


# Adopting the live service (a live project adopted by id already runs it).


def adopt_service(backend: BackendSet, **inputs) -> Made:
    declared = {"name": "myapp-backend", "sourceRepo": "myapp/myapp-backend", "adoptExisting": True, "projectId": backend.id("Project")}
    return make(ServiceProvider(), {**declared, **inputs})


def test_a_service_adopting_an_existing_name_creates_no_service(backend, fake_railway):
    adopted = adopt_service(backend)
    assert adopted.id == backend.id("Service") and not fake_railway.count("ServiceCreate"), "Service 'myapp-backend' was created, not adopted"


def test_destroying_an_adopted_service_leaves_it_in_railway(backend, fake_railway):
    adopted = adopt_service(backend)
    adopted.provider.delete(adopted.id, adopted.outs)
    assert adopted.id in fake_railway.state.services, "destroying an adopted Service 'myapp-backend' deleted it in Railway"


def test_an_adopted_service_deploys_the_declared_branch(backend, fake_railway):
    adopt_service(backend, sourceRepoBranch="main")  # the live one deploys "staging"
    branch = fake_railway.state.services[backend.id("Service")]["branch"]
    assert branch == "main", f"adopted Service 'myapp-backend' still deploys {branch!r}, not the declared 'main'"


def test_a_service_to_adopt_that_does_not_exist_is_created(backend, fake_railway):
    adopt_service(backend, name="myapp-worker")
    named = [s for s in fake_railway.state.services.values() if s["name"] == "myapp-worker"]
    assert len(named) == 1, f"Service 'myapp-worker' exists {len(named)} times"


# Refresh: an identity Railway does not echo is not drift.


def test_a_custom_domain_whose_project_railway_does_not_echo_is_not_replaced_after_a_refresh(backend, fake_railway):
    made = backend["CustomDomain"]
    fake_railway.state.custom_domains[made.id]["projectId"] = None  # nullable in Railway's schema
    refreshed = made.provider.read(made.id, made.outs)
    diff = made.provider.diff(made.id, refreshed.outs, made.inputs)
    assert not diff.changes, f"after a refresh, CustomDomain {made.inputs['domain']} diffs on {diff.replaces or 'something'}"


# A create whose answer was lost: what it made is found and adopted, never made twice.


def test_a_project_whose_create_answer_was_lost_adopts_what_was_made(backend, fake_railway):
    fake_railway.inject(Fault("ProjectCreate", status=502, applied=True))
    made = make(ProjectProvider(), {"name": "myapp-web"})
    named = [p["id"] for p in fake_railway.state.projects.values() if p["name"] == "myapp-web"]
    assert named == [made.id], f"Project 'myapp-web' exists {len(named)} times, or was not adopted"


def test_a_project_adopted_after_a_lost_answer_is_deleted_with_the_stack(backend, fake_railway):
    fake_railway.inject(Fault("ProjectCreate", status=502, applied=True))
    made = make(ProjectProvider(), {"name": "myapp-web"})
    made.provider.delete(made.id, made.outs)
    assert made.id not in fake_railway.state.projects, "Project 'myapp-web', made by this stack, outlived its destroy"


def test_a_service_whose_create_answer_was_lost_adopts_what_was_made(backend, fake_railway):
    fake_railway.inject(Fault("ServiceCreate", status=504, applied=True))
    made = make(ServiceProvider(), {"projectId": backend.id("Project"), "name": "myapp-worker", "sourceRepo": "myapp/myapp-worker"})
    named = [s["id"] for s in fake_railway.state.services.values() if s["name"] == "myapp-worker"]
    assert named == [made.id], f"Service 'myapp-worker' exists {len(named)} times, or was not adopted"


def test_a_lost_service_create_does_not_take_an_older_service_of_that_name(backend, fake_railway):
    fake_railway.state.services[backend.id("Service")]["createdAt"] = "2024-01-01T00:00:00Z"
    fake_railway.inject(Fault("ServiceCreate", status=502))  # not applied: nothing new was made
    with pytest.raises(RailwayOutcomeUnknown):
        ServiceProvider().create({"projectId": backend.id("Project"), "name": "myapp-backend"})


def test_a_service_domain_whose_create_answer_was_lost_adopts_it_and_sets_the_subdomain(backend, fake_railway):
    preview = make(EnvironmentProvider(), {"projectId": backend.id("Project"), "name": "preview"})
    fake_railway.inject(Fault("ServiceDomainCreate", status=502, applied=True))
    made = make(ServiceDomainProvider(), {"environmentId": preview.id, "serviceId": backend.id("Service"), "subdomain": "myapp-preview"})
    domains = [(d["id"], d["domain"]) for d in fake_railway.state.service_domains.values() if d["environmentId"] == preview.id]
    assert domains == [(made.id, "myapp-preview.up.railway.app")], f"the preview instance has service domains {domains}"


def test_a_lost_service_domain_create_with_two_candidates_adopts_neither_and_names_them(backend, fake_railway):
    fake_railway.inject(Fault("ServiceDomainCreate", status=502, applied=True))
    with pytest.raises(RailwayOutcomeUnknown) as raised:
        ServiceDomainProvider().create({"environmentId": backend.id("Environment"), "serviceId": backend.id("Service")})
    ids = [d["id"] for d in fake_railway.state.service_domains.values()]
    assert len(ids) == 2 and all(id_ in str(raised.value) for id_ in ids), f"the error does not name both domains {ids}: {raised.value}"


# Removing a setting from the program.


def test_removing_a_start_command_clears_it_in_railway(backend, fake_railway):
    made = make(ServiceInstanceProvider(), {**backend["ServiceInstance"].inputs, "startCommand": "node dist/server.js"})
    news = {k: v for k, v in made.inputs.items() if k != "startCommand"}
    made.provider.update(made.id, made.outs, news)
    live = fake_railway.state.instances[(backend.id("Environment"), backend.id("Service"))].get("startCommand")
    assert live is None, f"ServiceInstance {made.id} still starts with {live!r} after startCommand was removed"


def test_removing_a_setting_railway_cannot_unset_sends_nothing(backend, fake_railway):
    made = backend["ServiceInstance"]
    made.provider.update(made.id, made.outs, {k: v for k, v in made.inputs.items() if k != "region"})
    assert fake_railway.count() == 0, f"removing region from ServiceInstance {made.id} sent {fake_railway.count()} request(s)"
