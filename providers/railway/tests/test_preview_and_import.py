"""Previews (Create and Update with `preview`) call no Railway API and keep what they can known; an
import gives inputs its own check accepts, with every value that might be secret kept secret."""

from __future__ import annotations

from backend_set import IMPORT_IDS, rewrap
from plugin_harness import UNKNOWN, from_struct, to_struct, urn
from pulumi.runtime.proto import provider_pb2

NO_CHANGE = 1


def preview_update(plugin, kind: str, made, news: dict):
    request = provider_pb2.UpdateRequest(
        id=made.id,
        urn=urn(kind),
        type=f"railway:index:{kind}",
        olds=to_struct(made.state()),
        old_inputs=to_struct(made.inputs),
        news=to_struct(news),
        preview=True,
    )
    return from_struct(plugin.stub.Update(request).properties)


def test_a_previewed_create_calls_railway_never_and_leaves_computed_outputs_unknown(plugin, fake_railway):
    request = provider_pb2.CreateRequest(
        urn=urn("Project"), type="railway:index:Project", properties=to_struct({"name": "x"}), preview=True
    )
    answer = plugin.stub.Create(request)
    outputs = from_struct(answer.properties)
    assert fake_railway.count() == 0 and outputs["name"] == "x" and outputs.raw["defaultEnvironmentId"] == UNKNOWN


def test_a_previewed_update_keeps_the_outputs_it_does_not_change_known(plugin, backend, fake_railway):
    project = backend["Project"]
    outputs = preview_update(plugin, "Project", project, {**project.inputs, "description": "new"})
    assert fake_railway.count() == 0, "a preview called Railway"
    assert outputs["defaultEnvironmentId"] == project.outs["defaultEnvironmentId"], "a description change made the environment id unknown"


def test_a_previewed_subdomain_change_leaves_the_domain_unknown(plugin, backend):
    domain = backend["ServiceDomain"]
    outputs = preview_update(plugin, "ServiceDomain", domain, {**domain.inputs, "subdomain": "other"})
    assert outputs.raw["domain"] == UNKNOWN and outputs["subdomain"] == "other"


def test_an_imported_variable_collection_keeps_every_value_secret(plugin, backend):
    answer = plugin.read("VariableCollection", IMPORT_IDS["VariableCollection"](backend))
    for part in (answer.properties, answer.inputs):
        wire = from_struct(part)
        assert ("variables",) in wire.secrets, "an imported variable value came back in plain text"


def test_an_imported_service_instance_passes_its_own_check(plugin, backend, fake_railway):
    instance = fake_railway.state.instances[(backend.id("Environment"), backend.id("Service"))]
    instance.update(restartPolicyType="ALWAYS", restartPolicyMaxRetries=10, region="us-east4")
    imported = from_struct(plugin.read("ServiceInstance", IMPORT_IDS["ServiceInstance"](backend)).inputs)
    assert not plugin.check("ServiceInstance", imported.values).failures, imported.values


def test_a_custom_domain_whose_project_railway_leaves_null_is_imported_with_the_project_of_its_id(plugin, backend, fake_railway):
    fake_railway.state.custom_domains[backend.id("CustomDomain")]["projectId"] = None
    imported = from_struct(plugin.read("CustomDomain", IMPORT_IDS["CustomDomain"](backend)).inputs)
    assert imported["projectId"] == backend.id("Project"), imported.values


def test_a_sealed_variable_railway_leaves_out_of_the_values_is_still_no_drift(plugin, backend, fake_railway):
    collection = backend["VariableCollection"]
    fake_railway.hide_sealed = True
    answer = plugin.read("VariableCollection", collection.id, collection.state(), collection.inputs)
    outs, inputs = from_struct(answer.properties), from_struct(answer.inputs)
    diff = plugin.diff("VariableCollection", collection.id, outs.values, inputs.values, collection.inputs)
    assert answer.id and diff.changes == NO_CHANGE, list(diff.diffs)


def test_a_removed_setting_railway_keeps_stays_in_the_outputs(plugin, backend):
    instance = backend["ServiceInstance"]
    news = {k: v for k, v in instance.inputs.items() if k != "region"}
    outputs = plugin.update("ServiceInstance", instance.id, rewrap(instance.outs), instance.inputs, news)
    assert outputs["region"] == "us-east4-eqdc4a", "Railway keeps the region, but the outputs lost it"


def test_a_sealed_list_not_known_yet_previews_with_every_value_secret(plugin):
    news = {"projectId": "p", "environmentId": "e", "serviceId": "s", "variables": {"A": "x"}, "sealed": UNKNOWN}
    checked = plugin.check("VariableCollection", news)
    assert not checked.failures and ("variables",) in from_struct(checked.inputs).secrets
    request = provider_pb2.CreateRequest(
        urn=urn("VariableCollection"), type="railway:index:VariableCollection", properties=checked.inputs, preview=True
    )
    assert ("variables",) in from_struct(plugin.stub.Create(request).properties).secrets
