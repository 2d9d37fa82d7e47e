"""Faults as Railway and networks make them, through the plugin: lost answers, late creates, 5xx, refused
tokens, and secrets quoted back. Each failure reaches the engine as one clean message, never a traceback."""

from __future__ import annotations

import grpc
import pytest
from backend_set import SECRET_VALUE, make
from fake_railway import Fault
from plugin_harness import Secret, from_struct

# (kind, inputs from the backend set, where the fake keeps that kind)
LOST_CREATES = {
    "Project": (lambda b: {"name": "myapp-web"}, "projects"),
    "Environment": (lambda b: {"projectId": b.id("Project"), "name": "preview"}, "environments"),
    "Service": (lambda b: {"projectId": b.id("Project"), "name": "myapp-worker", "sourceRepo": "myapp/myapp-worker"}, "services"),
    "ServiceDomain": (
        lambda b: {"environmentId": b.id("Project") and b["Project"].outs["defaultEnvironmentId"], "serviceId": b.id("Service")},
        "service_domains",
    ),
    "CustomDomain": (
        lambda b: {**{k: b["CustomDomain"].inputs[k] for k in ("projectId", "environmentId", "serviceId")}, "domain": "www.myapp.com"},
        "custom_domains",
    ),
}


def ids_in(fake_railway, table: str) -> set[str]:
    return set(getattr(fake_railway.state, table))


@pytest.mark.parametrize("kind", sorted(LOST_CREATES))
@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_create_whose_answer_was_lost_keeps_what_railway_made_and_makes_no_second(plugin, backend, fake_railway, kind, status):
    inputs, table = LOST_CREATES[kind]
    before = ids_in(fake_railway, table)
    fake_railway.inject(Fault(f"{kind}Create", status=status, applied=True))
    made = make(plugin, kind, inputs(backend), timeout=5)
    new = ids_in(fake_railway, table) - before
    assert new == {made.id}, f"after HTTP {status} to {kind}Create, Railway holds {len(new)} new objects: {new}, kept {made.id}"
    assert fake_railway.count(f"{kind}Create") == 1, f"{kind}Create was resent after HTTP {status}"


@pytest.mark.parametrize("kind", sorted(LOST_CREATES))
def test_a_create_railway_finishes_after_its_answer_timed_out_is_found_not_orphaned(plugin, backend, fake_railway, kind):
    inputs, table = LOST_CREATES[kind]
    before = ids_in(fake_railway, table)
    fake_railway.inject(Fault(f"{kind}Create", status=504, applied_after=1.0))
    made = make(plugin, kind, inputs(backend), timeout=8)
    assert ids_in(fake_railway, table) - before == {made.id}, f"{kind} finished late by Railway was not taken as this resource's"


@pytest.mark.parametrize("kind", ["Project", "Service", "CustomDomain"])
def test_an_object_recovered_after_a_lost_answer_is_ours_and_goes_with_destroy(plugin, backend, fake_railway, kind):
    inputs, table = LOST_CREATES[kind]
    fake_railway.inject(Fault(f"{kind}Create", status=504, applied_after=0.5))
    made = make(plugin, kind, inputs(backend), timeout=8)
    plugin.delete(kind, made.id, made.state())
    assert made.id not in ids_in(fake_railway, table), f"{kind} {made.id}, made by this stack, outlived its destroy"


def test_a_create_that_made_nothing_fails_after_a_bounded_look_saying_so(plugin, backend, fake_railway):
    fake_railway.inject(Fault("EnvironmentCreate", status=502))
    with pytest.raises(grpc.RpcError) as failed:
        make(plugin, "Environment", {"projectId": backend.id("Project"), "name": "preview"}, timeout=2)
    details = failed.value.details()
    assert failed.value.code() == grpc.StatusCode.UNKNOWN, "an unknown outcome must say it may have been applied"
    assert "EnvironmentCreate" in details and "within 1.6 s" in details and "Traceback" not in details, details


def test_a_lost_create_does_not_take_an_older_object_of_that_name(plugin, backend, fake_railway):
    fake_railway.state.services[backend.id("Service")]["createdAt"] = "2024-01-01T00:00:00Z"
    fake_railway.inject(Fault("ServiceCreate", status=502))  # not applied: nothing new was made
    with pytest.raises(grpc.RpcError):
        make(plugin, "Service", {"projectId": backend.id("Project"), "name": "myapp-backend"}, timeout=1)


def test_a_lost_service_domain_create_with_two_candidates_keeps_neither_and_names_them(plugin, backend, fake_railway):
    fake_railway.inject(Fault("ServiceDomainCreate", status=502, applied=True))
    with pytest.raises(grpc.RpcError) as failed:
        make(plugin, "ServiceDomain", {"environmentId": backend.id("Environment"), "serviceId": backend.id("Service")}, timeout=2)
    ids = list(fake_railway.state.service_domains)
    assert len(ids) == 2 and all(id_ in failed.value.details() for id_ in ids), failed.value.details()


def test_a_429_is_waited_out_and_the_operation_succeeds(plugin, backend, fake_railway):
    fake_railway.inject(Fault("ProjectRead", status=429, headers={"Retry-After": "0"}))
    answer = plugin.read("Project", backend.id("Project"), backend["Project"].state(), backend["Project"].inputs)
    assert answer.id == backend.id("Project") and fake_railway.count("ProjectRead") == 2


def test_a_refused_token_tells_the_user_to_check_the_token_and_where_it_came_from(plugin, backend, fake_railway):
    plugin.configure(token="rw-not-the-right-token", endpoint=fake_railway.url)
    with pytest.raises(grpc.RpcError) as failed:
        plugin.read("Project", backend.id("Project"), backend["Project"].state(), backend["Project"].inputs)
    details = failed.value.details()
    assert failed.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert "railway:token config key" in details and "check that it is a valid account or workspace token" in details, details
    assert "rw-not-the-right-token" not in details, details


def test_a_secret_railway_quotes_back_reaches_no_error_no_output_and_no_plugin_log(plugin, backend, fake_railway, plugin_process):
    fake_railway.inject(Fault("VariableCollectionWrite", graphql_error="Invalid input", echo_variables=True))
    inputs = {**backend["VariableCollection"].inputs, "variables": {"DATABASE_URL": Secret(SECRET_VALUE)}, "sealed": ["DATABASE_URL"]}
    with pytest.raises(grpc.RpcError) as failed:
        plugin.create("VariableCollection", inputs)
    assert SECRET_VALUE not in failed.value.details() and "DATABASE_URL" in failed.value.details(), failed.value.details()
    assert SECRET_VALUE not in plugin_process.stderr(), "a secret value reached the plugin's own output"


def test_a_sealed_value_leaves_the_plugin_only_inside_a_secret(plugin, backend):
    made = backend["VariableCollection"]
    answer = plugin.read("VariableCollection", made.id, made.state(), made.inputs)
    for part, struct in (("properties", answer.properties), ("inputs", answer.inputs)):
        wire = from_struct(struct)
        secret = {("variables", "STRIPE_SECRET_KEY"), ("variables",)} & wire.secrets
        assert wire["variables"]["STRIPE_SECRET_KEY"] == SECRET_VALUE and secret, f"the sealed value is plain in the read's {part}"
