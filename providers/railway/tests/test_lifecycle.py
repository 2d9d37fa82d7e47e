"""Create, Read (refresh and import), Update and Delete of every resource, over gRPC against the fake Railway."""

from __future__ import annotations

from collections.abc import Callable

import grpc
import pytest
from backend_set import IMPORT_IDS, RECIPES, BackendSet, Made, make
from fake_railway import FakeRailway
from plugin_harness import from_struct

KINDS = list(RECIPES)
DELETABLE = [kind for kind in KINDS if kind != "ServiceInstance"]
NO_CHANGE = 1


def refresh(plugin, made: Made):
    answer = plugin.read(made.kind, made.id, made.state(), made.inputs)
    return from_struct(answer.properties), from_struct(answer.inputs), answer.id


def drift_after_refresh(plugin, made: Made) -> list[str]:
    outs, inputs, _ = refresh(plugin, made)
    answer = plugin.diff(made.kind, made.id, outs.values, inputs.values, made.inputs)
    return list(answer.diffs)


@pytest.mark.parametrize("kind", KINDS)
def test_reading_a_resource_just_created_shows_no_drift(plugin, backend, kind):
    assert drift_after_refresh(plugin, backend[kind]) == [], f"{kind} {backend.id(kind)} reads back different from what was created"


@pytest.mark.parametrize("kind", KINDS)
def test_a_read_costs_one_request(plugin, backend, fake_railway, kind):
    refresh(plugin, backend[kind])
    assert fake_railway.count() == 1, f"reading {kind} {backend.id(kind)} took {fake_railway.count()} requests"


@pytest.mark.parametrize("kind", KINDS)
def test_import_by_id_alone_returns_every_declared_input(plugin, backend, fake_railway, kind):
    answer = plugin.read(kind, IMPORT_IDS[kind](backend))
    imported = from_struct(answer.inputs).values
    declared = dict(backend[kind].plain_inputs)
    if kind == "VariableCollection":  # a sealed value can never be read back: import shows the others
        declared["variables"] = {k: v for k, v in declared["variables"].items() if k not in declared["sealed"]}
        declared["sealed"] = []
    assert answer.id == backend.id(kind), f"importing {kind} keeps id {answer.id!r}, not {backend.id(kind)!r}"
    seen = {name: imported.get(name) for name in declared}
    assert seen == declared, f"importing {kind} {answer.id} gives inputs {imported}, declared {declared}"
    assert fake_railway.count() == 1, f"importing {kind} took {fake_railway.count()} requests"


@pytest.mark.parametrize("kind", KINDS)
def test_an_imported_resource_diffs_clean_against_the_program_that_declares_it(plugin, backend, kind):
    if kind == "VariableCollection":
        pytest.skip("a VariableCollection needs no import: creating one takes over the service's variables")
    answer = plugin.read(kind, IMPORT_IDS[kind](backend))
    outs, inputs = from_struct(answer.properties), from_struct(answer.inputs)
    diff = plugin.diff(kind, answer.id, outs.values, inputs.values, backend[kind].inputs)
    assert diff.changes == NO_CHANGE, f"importing {kind} then running the program would change {list(diff.diffs)}"


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
def test_a_change_made_in_railway_is_seen_by_a_refresh(plugin, backend, fake_railway, kind):
    drift, field = DRIFTS[kind]
    drift(fake_railway, backend)
    assert drift_after_refresh(plugin, backend[kind]) == [field], f"after {drift.__name__}, {kind} does not drift in {field}"


@pytest.mark.parametrize("kind", KINDS)
def test_an_update_after_drift_puts_back_the_declared_value(plugin, backend, fake_railway, kind):
    drift, _field = DRIFTS[kind]
    made = backend[kind]
    drift(fake_railway, backend)
    outs, inputs, _ = refresh(plugin, made)
    plugin.update(kind, made.id, rewrap_secret_state(made, outs), inputs.values, made.inputs)
    assert drift_after_refresh(plugin, made) == [], f"{kind} {made.id} still drifts after the update"


def rewrap_secret_state(made: Made, outs):
    from backend_set import rewrap

    return rewrap(outs)


@pytest.mark.parametrize("kind", DELETABLE)
def test_a_deleted_resource_reads_as_gone(plugin, backend, kind):
    made = backend[kind]
    plugin.delete(kind, made.id, made.state())
    answer = plugin.read(kind, made.id, made.state(), made.inputs)
    assert answer.id == "" and not answer.HasField("properties"), f"{kind} {made.id} still reads as present after delete"


def test_deleting_service_instance_settings_leaves_the_service_in_place(plugin, backend, fake_railway):
    made = backend["ServiceInstance"]
    plugin.delete("ServiceInstance", made.id, made.state())
    assert backend.id("Service") in fake_railway.state.services, "deleting ServiceInstance settings deleted the service"


def test_deleting_a_resource_already_gone_succeeds(plugin, backend, fake_railway):
    made = backend["CustomDomain"]
    fake_railway.state.custom_domains.clear()
    plugin.delete("CustomDomain", made.id, made.state())  # raises if a missing domain were an error


def test_a_new_project_deploys_into_its_default_environment_named_as_declared(plugin, fake_railway):
    made = make(plugin, "Project", {"name": "myapp-web", "defaultEnvironmentName": "staging"})
    environment = fake_railway.state.environments[made.outs["defaultEnvironmentId"]]
    assert environment["name"] == "staging" and made.outs["environments"] == {"staging": environment["id"]}


def test_renaming_the_default_environment_renames_it_in_place(plugin, backend, fake_railway):
    made = backend["Project"]
    plugin.update("Project", made.id, made.state(), made.inputs, {**made.inputs, "defaultEnvironmentName": "prod"})
    default = fake_railway.state.projects[made.id]["primaryEnvironmentId"]
    assert fake_railway.state.environments[default]["name"] == "prod"


def test_a_custom_domain_outputs_the_cname_target_railway_asks_for(backend, fake_railway):
    made = backend["CustomDomain"]
    record = fake_railway.state.custom_domains[made.id]["status"]["dnsRecords"][0]
    assert made.outs["cnameTarget"] == record["requiredValue"], f"CustomDomain {made.outs['domain']} has the wrong DNS target"


def test_a_service_domain_whose_subdomain_is_taken_leaves_no_domain_behind(plugin, backend, fake_railway):
    with pytest.raises(grpc.RpcError):
        plugin.create("ServiceDomain", dict(backend["ServiceDomain"].inputs))  # same subdomain: Railway refuses it
    assert len(fake_railway.state.service_domains) == 1, "a failed ServiceDomain create left its half-made domain in Railway"


def test_a_custom_domain_whose_project_railway_does_not_echo_is_not_replaced_after_a_refresh(plugin, backend, fake_railway):
    made = backend["CustomDomain"]
    fake_railway.state.custom_domains[made.id]["projectId"] = None  # nullable in Railway's schema
    assert drift_after_refresh(plugin, made) == [], "after a refresh, CustomDomain api.myapp.com would be replaced"


def test_removing_a_start_command_clears_it_in_railway(plugin, backend, fake_railway):
    made = make(plugin, "ServiceInstance", {**backend["ServiceInstance"].inputs, "startCommand": "node dist/server.js"})
    news = {k: v for k, v in made.inputs.items() if k != "startCommand"}
    plugin.update("ServiceInstance", made.id, made.state(), made.inputs, news)
    live = fake_railway.state.instances[(backend.id("Environment"), backend.id("Service"))].get("startCommand")
    assert live is None, f"ServiceInstance {made.id} still starts with {live!r} after startCommand was removed"


def test_an_object_railway_answers_not_authorized_for_reads_as_gone_when_the_token_is_good(plugin, backend, fake_railway):
    made = backend["Service"]
    fake_railway.state.unauthorized_when_gone = True
    del fake_railway.state.services[made.id]  # deleted in the dashboard
    answer = plugin.read("Service", made.id, made.state(), made.inputs)
    assert answer.id == "", "a service deleted in Railway's dashboard was reported as a token problem"


def test_deleting_an_object_railway_answers_not_authorized_for_succeeds_when_the_token_is_good(plugin, backend, fake_railway):
    made = backend["CustomDomain"]
    fake_railway.state.unauthorized_when_gone = True
    fake_railway.state.custom_domains.clear()
    plugin.delete("CustomDomain", made.id, made.state())  # raises if "Not Authorized" were taken for a bad token
