"""A VariableCollection writes a whole set in one request and changes only what changed."""

from __future__ import annotations

import pytest

from infra.railway import VariableCollectionProvider, variable_changes
from tests.railway.backend_set import SECRET_VALUE, Made, create_backend_set, make


@pytest.fixture
def collection(fake_railway) -> Made:
    made = create_backend_set()["VariableCollection"]
    fake_railway.reset()
    return made


def with_variables(made: Made, **changes: str | None) -> dict:
    """The collection's inputs with some variables set (a string) or removed (None)."""
    variables = {**made.inputs["variables"], **{k: v for k, v in changes.items() if v is not None}}
    return {**made.inputs, "variables": {k: v for k, v in variables.items() if changes.get(k, "") is not None}}


def live(fake_railway, made: Made) -> dict[str, str]:
    return fake_railway.state.variables[(made.inputs["environmentId"], made.inputs["serviceId"])]


def test_creating_a_variable_set_costs_one_request(collection, fake_railway):
    make(VariableCollectionProvider(), collection.inputs)
    assert fake_railway.count() == 1, f"writing a set of 3 variables took {fake_railway.count()} requests"


def test_changing_one_variable_costs_one_write(collection, fake_railway):
    collection.provider.update(collection.id, collection.outs, with_variables(collection, PORT="3000"))
    assert fake_railway.count() == 1, f"changing PORT took {fake_railway.count()} requests"


def test_changing_one_variable_sends_only_that_variable(collection, fake_railway):
    collection.provider.update(collection.id, collection.outs, with_variables(collection, PORT="3000"))
    sent = fake_railway.sent("VariableCollectionUpsert")[0].variables["input"]
    assert (sent["variables"], sent["replace"]) == ({"PORT": "3000"}, False), f"changing PORT sent {sorted(sent['variables'])}"


def test_changing_one_variable_leaves_the_others_as_they_were(collection, fake_railway):
    collection.provider.update(collection.id, collection.outs, with_variables(collection, PORT="3000"))
    assert live(fake_railway, collection) == {"NODE_ENV": "production", "PORT": "3000", "STRIPE_SECRET_KEY": SECRET_VALUE}


def test_removing_a_variable_removes_it_in_railway_with_one_write(collection, fake_railway):
    collection.provider.update(collection.id, collection.outs, with_variables(collection, NODE_ENV=None))
    assert "NODE_ENV" not in live(fake_railway, collection) and fake_railway.count() == 1, (
        f"removing NODE_ENV left {sorted(live(fake_railway, collection))} after {fake_railway.count()} requests"
    )


def test_an_update_that_changes_no_value_sends_nothing(collection, fake_railway):
    collection.provider.update(collection.id, collection.outs, {**collection.inputs, "skipDeploys": True})
    assert fake_railway.count() == 0, "an update with no variable value changed still wrote to Railway"


def test_the_diff_names_only_the_variables_that_changed(collection):
    changes = variable_changes(collection.outs["variables"], with_variables(collection, PORT="3000", NODE_ENV=None, SENTRY_DSN="x")["variables"])
    assert (changes.added, changes.changed, changes.removed) == (("SENTRY_DSN",), ("PORT",), ("NODE_ENV",))


def test_a_variable_change_updates_the_collection_in_place(collection):
    diff = collection.provider.diff(collection.id, collection.outs, with_variables(collection, PORT="3000"))
    assert diff.changes and not diff.replaces, f"changing PORT would replace the VariableCollection: {diff.replaces}"


def test_a_sealed_value_railway_will_not_show_is_not_reported_as_drift(collection, fake_railway):
    fake_railway.seal(collection.inputs["environmentId"], collection.inputs["serviceId"], "STRIPE_SECRET_KEY")
    read = collection.provider.read(collection.id, collection.outs)
    assert not collection.provider.changed_fields(read.outs, collection.inputs), "a sealed STRIPE_SECRET_KEY reads as drift"


def test_railways_own_variables_are_not_taken_as_drift(collection):
    read = collection.provider.read(collection.id, collection.outs)
    assert not [name for name in read.outs["variables"] if name.startswith("RAILWAY_")], "RAILWAY_* variables entered the collection"


def test_a_variable_added_in_the_dashboard_is_drift_the_next_update_removes(collection, fake_railway):
    live(fake_railway, collection)["DEBUG"] = "1"
    drifted = collection.provider.read(collection.id, collection.outs).outs
    collection.provider.update(collection.id, drifted, collection.inputs)
    assert "DEBUG" not in live(fake_railway, collection), "a variable added outside the program survived the next update"


@pytest.mark.parametrize("step", ["create", "read"])
def test_outputs_keep_the_variables_property_and_keys_so_the_engine_keeps_secrets_secret(collection, step):
    # Dynamic providers get plain values; the engine marks an output secret when the input of the
    # same property path was secret. That holds only while outputs keep the inputs' shape.
    outs = collection.outs if step == "create" else collection.provider.read(collection.id, collection.outs).outs
    assert set(outs["variables"]) == set(collection.inputs["variables"]), f"after {step}, output keys {sorted(outs['variables'])}"


def test_deleting_a_collection_removes_every_variable_even_when_one_is_already_gone(collection, fake_railway):
    del live(fake_railway, collection)["NODE_ENV"]
    collection.provider.delete(collection.id, collection.outs)
    assert live(fake_railway, collection) == {}, f"deleting the collection left {sorted(live(fake_railway, collection))}"


def test_deleting_a_collection_costs_one_request_whatever_its_size(collection, fake_railway):
    collection.provider.delete(collection.id, collection.outs)
    assert fake_railway.count() == 1, f"deleting a set of {len(collection.inputs['variables'])} variables took {fake_railway.count()} requests"


def test_deleting_a_collection_whose_service_is_already_gone_succeeds(collection, fake_railway):
    del fake_railway.state.services[collection.inputs["serviceId"]]
    collection.provider.delete(collection.id, collection.outs)  # raises if a missing service were an error
