"""A VariableCollection writes a whole set in one request, changes only what changed, and seals for real."""

from __future__ import annotations

import pytest
from backend_set import SECRET_VALUE, Made, create_backend_set, make, rewrap
from plugin_harness import Secret, from_struct

NO_CHANGE = 1  # DiffResponse.DIFF_NONE


@pytest.fixture
def collection(plugin, fake_railway) -> Made:
    made = create_backend_set(plugin)["VariableCollection"]
    fake_railway.reset()
    return made


def with_variables(made: Made, **changes: str | None) -> dict:
    """The collection's inputs with some variables set (a string) or removed (None)."""
    variables = {**made.inputs["variables"], **{k: v for k, v in changes.items() if v is not None}}
    return {**made.inputs, "variables": {k: v for k, v in variables.items() if changes.get(k, "") is not None}}


def live(fake_railway, made: Made) -> dict[str, str]:
    return fake_railway.state.variables[(made.inputs["environmentId"], made.inputs["serviceId"])]


def sealed_in_railway(fake_railway, made: Made) -> set[str]:
    where = (made.inputs["environmentId"], made.inputs["serviceId"])
    return {name for (*place, name) in fake_railway.state.sealed if tuple(place) == where}


def update(plugin, made: Made, news: dict) -> None:
    plugin.update("VariableCollection", made.id, made.state(), made.inputs, news)


def test_creating_a_variable_set_with_sealed_values_costs_one_request(plugin, collection, fake_railway):
    make(plugin, "VariableCollection", collection.inputs)
    assert fake_railway.count() == 1, f"writing a set of 3 variables took {fake_railway.count()} requests"


def test_a_variable_listed_as_sealed_is_sealed_in_railway_after_create(collection, fake_railway):
    assert sealed_in_railway(fake_railway, collection) == {"STRIPE_SECRET_KEY"}
    assert live(fake_railway, collection)["STRIPE_SECRET_KEY"] == SECRET_VALUE, "the sealed variable has no value in Railway"


def test_a_sealed_value_is_a_secret_in_the_outputs(collection):
    assert ("variables", "STRIPE_SECRET_KEY") in collection.outs.secrets or ("variables",) in collection.outs.secrets


def test_a_plain_value_stays_readable_in_the_outputs(collection):
    assert ("variables", "PORT") not in collection.outs.secrets and ("variables",) not in collection.outs.secrets


def test_a_variable_newly_listed_as_sealed_is_sealed_by_the_next_update(plugin, collection, fake_railway):
    news = {**collection.inputs, "sealed": ["STRIPE_SECRET_KEY", "PORT"]}
    update(plugin, collection, news)
    assert sealed_in_railway(fake_railway, collection) == {"STRIPE_SECRET_KEY", "PORT"}


def test_a_sealed_variable_unsealed_in_railway_is_drift_the_next_update_seals(plugin, collection, fake_railway):
    fake_railway.state.sealed.clear()
    read = plugin.read("VariableCollection", collection.id, collection.state(), collection.inputs)
    outs, inputs = from_struct(read.properties), from_struct(read.inputs)
    diff = plugin.diff("VariableCollection", collection.id, outs.values, inputs.values, collection.inputs)
    assert list(diff.diffs) == ["sealed"], list(diff.diffs)
    plugin.update("VariableCollection", collection.id, rewrap(outs), inputs.values, collection.inputs)
    assert sealed_in_railway(fake_railway, collection) == {"STRIPE_SECRET_KEY"}


def test_a_sealed_value_railway_will_not_show_is_neither_drift_nor_a_failure(plugin, collection, fake_railway):
    read = plugin.read("VariableCollection", collection.id, collection.state(), collection.inputs)
    outs, inputs = from_struct(read.properties), from_struct(read.inputs)
    diff = plugin.diff("VariableCollection", collection.id, outs.values, inputs.values, collection.inputs)
    assert diff.changes == NO_CHANGE, f"a sealed value read back as null shows as drift in {list(diff.diffs)}"
    assert outs["variables"]["STRIPE_SECRET_KEY"] == SECRET_VALUE and ("variables", "STRIPE_SECRET_KEY") in outs.secrets | {("variables",)}


def test_changing_one_plain_variable_costs_one_write_of_that_variable(plugin, collection, fake_railway):
    update(plugin, collection, with_variables(collection, PORT="3000"))
    sent = fake_railway.sent("VariableCollectionWrite")
    assert len(sent) == 1 and fake_railway.count() == 1, f"changing PORT took {fake_railway.count()} requests"
    written = sent[0].variables
    assert written["input"]["variables"] == {"PORT": "3000"} and not written["input"]["replace"] and not written["withSealed"], written


def test_changing_a_sealed_value_writes_it_sealed(plugin, collection, fake_railway):
    update(plugin, collection, with_variables(collection, STRIPE_SECRET_KEY=Secret("sk_test_rotated_value_for_tests")))
    assert live(fake_railway, collection)["STRIPE_SECRET_KEY"] == "sk_test_rotated_value_for_tests"
    assert sealed_in_railway(fake_railway, collection) == {"STRIPE_SECRET_KEY"}


def test_removing_a_variable_removes_it_in_railway_with_one_write(plugin, collection, fake_railway):
    update(plugin, collection, with_variables(collection, NODE_ENV=None))
    assert "NODE_ENV" not in live(fake_railway, collection) and fake_railway.count() == 1
    assert sealed_in_railway(fake_railway, collection) == {"STRIPE_SECRET_KEY"}, "rewriting the set unsealed a variable"


def test_an_update_that_changes_no_value_sends_nothing(plugin, collection, fake_railway):
    update(plugin, collection, dict(collection.inputs))
    assert fake_railway.count() == 0, f"an update with no change sent {fake_railway.count()} request(s)"


def test_railways_own_variables_are_not_taken_as_drift(plugin, collection):
    read = from_struct(plugin.read("VariableCollection", collection.id, collection.state(), collection.inputs).properties)
    assert not [name for name in read["variables"] if name.startswith("RAILWAY_")]


def test_a_variable_added_in_the_dashboard_is_drift_the_next_update_removes(plugin, collection, fake_railway):
    live(fake_railway, collection)["HAND_SET"] = "x"
    read = plugin.read("VariableCollection", collection.id, collection.state(), collection.inputs)
    outs, inputs = from_struct(read.properties), from_struct(read.inputs)
    plugin.update("VariableCollection", collection.id, rewrap(outs), inputs.values, collection.inputs)
    assert "HAND_SET" not in live(fake_railway, collection)


def test_deleting_a_collection_costs_one_request_whatever_its_size(plugin, collection, fake_railway):
    many = {**collection.inputs, "variables": {f"V{i}": str(i) for i in range(22)}, "sealed": []}
    made = make(plugin, "VariableCollection", many)
    fake_railway.reset()
    plugin.delete("VariableCollection", made.id, made.state())
    assert fake_railway.count() == 1 and not live(fake_railway, collection), f"deleting 22 variables took {fake_railway.count()}"


def test_deleting_a_collection_whose_service_is_already_gone_succeeds(plugin, collection, fake_railway):
    fake_railway.state.services.clear()
    plugin.delete("VariableCollection", collection.id, collection.state())


def test_removing_a_variable_keeps_sealed_what_railway_holds_sealed_though_the_program_does_not_list_it(plugin, collection, fake_railway):
    where = (collection.inputs["environmentId"], collection.inputs["serviceId"])
    fake_railway.state.sealed.add((*where, "PORT"))  # sealed in the dashboard
    read = plugin.read("VariableCollection", collection.id, collection.state(), collection.inputs)
    outs, inputs = from_struct(read.properties), from_struct(read.inputs)
    plugin.update("VariableCollection", collection.id, rewrap(outs), inputs.values, with_variables(collection, NODE_ENV=None))
    assert "PORT" in sealed_in_railway(fake_railway, collection), "rewriting the set unsealed PORT, which Railway cannot unseal"
