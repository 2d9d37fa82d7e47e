"""The plugin over gRPC as the engine drives it, against the loopback Cloudinary that keeps state."""

from __future__ import annotations

import json

import grpc
import jsonschema
import pytest
from cloudinary_harness import PACKAGE_DIR, plain
from pulumi.runtime.proto import provider_pb2

from myapp_cloudinary.plugin.schema import schema_text

PRODUCTS = {
    "name": "product-images",
    "unsigned": False,
    "folder": "products",
    "allowedFormats": ["jpg", "png", "webp"],
    "transformation": "c_limit,h_2000,w_2000/q_auto,f_auto",
}
METASCHEMA = PACKAGE_DIR.parents[2] / "shared" / "pulumi" / "package-metaschema.json"


def test_the_schema_is_current_and_valid_against_pulumis_package_metaschema(plugin):
    served = plugin.stub.GetSchema(provider_pb2.GetSchemaRequest()).schema
    assert served == schema_text() == (PACKAGE_DIR / "schema.json").read_text(), "run scripts/generate.py"
    metaschema = json.loads(METASCHEMA.read_text().replace("(?<", "(?P<"))
    errors = [f"{e.json_path}: {e.message}" for e in jsonschema.Draft202012Validator(metaschema).iter_errors(json.loads(served))]
    assert errors == []
    config = json.loads(served)["config"]["variables"]
    assert config["apiKey"]["secret"] and config["apiSecret"]["secret"] and not config["cloudName"].get("secret")


def test_check_names_the_input_what_is_wrong_and_the_fix(plugin):
    failures = {
        f.property: f.reason
        for f in plugin.check({**PRODUCTS, "name": "product images", "allowedFormats": ["jpg", "J P G"], "colour": "red"}).failures
    }
    assert "is not a preset name" in failures["name"]
    assert "'J P G', which is not a format name" in failures["allowedFormats"]
    assert "colour is not an input of cloudinary:index:UploadPreset" in failures["colour"]
    assert plugin.check(PRODUCTS).failures == []


def test_create_read_update_delete_keep_the_live_preset_in_step(plugin, fake):
    created = plugin.create(PRODUCTS)
    assert created.id == "product-images" and plain(created.properties)["cloudName"] == "myapp-prod"
    assert fake.presets["product-images"]["settings"]["transformation"] == [
        {"crop": "limit", "height": 2000, "width": 2000},
        {"quality": "auto", "fetch_format": "auto"},
    ]
    read = plugin.read("product-images", PRODUCTS, PRODUCTS)
    assert {k: v for k, v in plain(read.inputs).items()} == PRODUCTS
    assert plugin.diff("product-images", plain(read.properties), PRODUCTS).changes == provider_pb2.DiffResponse.DIFF_NONE
    moved = {**PRODUCTS, "folder": "catalog"}
    diff = plugin.diff("product-images", PRODUCTS, moved)
    assert list(diff.diffs) == ["folder"] and list(diff.replaces) == []
    plugin.update("product-images", PRODUCTS, moved)
    assert fake.presets["product-images"]["settings"]["folder"] == "catalog"
    plugin.delete("product-images", moved)
    assert fake.presets == {}
    plugin.delete("product-images", moved)  # already gone: not an error


def test_a_new_name_replaces_the_preset(plugin):
    diff = plugin.diff("product-images", PRODUCTS, {**PRODUCTS, "name": "catalog-images"})
    assert list(diff.replaces) == ["name"]
    assert diff.detailedDiff["name"].kind == provider_pb2.PropertyDiff.UPDATE_REPLACE


def test_drift_made_in_the_console_is_read_and_shown(plugin, fake):
    plugin.create(PRODUCTS)
    fake.presets["product-images"]["unsigned"] = True
    read = plugin.read("product-images", PRODUCTS, PRODUCTS)
    assert plain(read.inputs)["unsigned"] is True
    assert list(plugin.diff("product-images", plain(read.properties), PRODUCTS).diffs) == ["unsigned"]


def test_import_by_preset_name_declares_every_live_setting(plugin, fake):
    fake.add("user-avatars", unsigned=True, folder="avatars", allowed_formats="jpg,png", transformation="q_auto")
    read = plugin.read("user-avatars")
    assert read.id == "user-avatars"
    assert plain(read.inputs) == {
        "name": "user-avatars",
        "unsigned": True,
        "folder": "avatars",
        "allowedFormats": ["jpg", "png"],
        "transformation": "q_auto",
    }
    assert plugin.read("no-such-preset").id == ""


def test_a_lost_create_answer_keeps_the_preset_it_made(plugin, fake):
    fake.fail("create", applied=True)
    assert plugin.create(PRODUCTS).id == "product-images"
    assert [r.status for r in fake.requests if r.operation == "create"] == [0, 409]


def test_a_name_taken_by_someone_else_is_refused_with_how_to_import(plugin, fake):
    fake.add("product-images", folder="legacy")
    with pytest.raises(grpc.RpcError) as refused:
        plugin.create(PRODUCTS)
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "pulumi import cloudinary:index:UploadPreset <resource name> product-images" in refused.value.details()


def test_rate_limits_are_waited_out_and_server_failures_retried(plugin, fake):
    fake.fail("create", status=420, headers={"Retry-After": "0"})
    fake.fail("create", status=502)
    assert plugin.create(PRODUCTS).id == "product-images"
    assert [r.status for r in fake.requests if r.operation == "create"] == [420, 502, 200]


def test_no_secret_reaches_state_errors_or_the_plugins_log(plugin_process, fake, api_key, api_secret):
    from cloudinary_harness import secret

    plugin_process.configure(cloudName="myapp-prod", apiKey=secret(api_key), apiSecret=secret(api_secret + "-wrong"), apiBase=fake.url)
    with pytest.raises(grpc.RpcError) as refused:
        plugin_process.create(PRODUCTS)
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert "cloudinary:apiSecret" in refused.value.details()
    plugin_process.configure(cloudName="myapp-prod", apiKey=secret(api_key), apiSecret=secret(api_secret), apiBase=fake.url)
    state = plugin_process.create(PRODUCTS).properties
    text = json.dumps(plain(state)) + refused.value.details() + plugin_process.stderr_path.read_text()
    assert api_secret not in text and api_key not in text
    checked = plugin_process.stub.CheckConfig(
        provider_pb2.CheckRequest(news=__import__("cloudinary_harness").struct({"apiSecret": api_secret}))
    )
    assert plain(checked.inputs)["apiSecret"].get("value") == api_secret  # returned as a secret, not in plaintext


def test_the_plugin_waits_as_long_as_retry_after_asks(plugin, fake):
    import time

    fake.fail("get", status=429, headers={"Retry-After": "1"})
    plugin.create(PRODUCTS)
    started = time.monotonic()
    assert plugin.read("product-images", PRODUCTS, PRODUCTS).id == "product-images"
    assert time.monotonic() - started >= 0.95
    assert [r.status for r in fake.requests if r.operation == "get"] == [429, 200]


def test_a_setting_taken_out_of_the_program_is_cleared_in_cloudinary(plugin, fake):
    plugin.create(PRODUCTS)
    without_folder = {k: v for k, v in PRODUCTS.items() if k != "folder"}
    diff = plugin.diff("product-images", PRODUCTS, without_folder)
    assert list(diff.diffs) == ["folder"] and diff.detailedDiff["folder"].kind == provider_pb2.PropertyDiff.DELETE
    plugin.update("product-images", PRODUCTS, without_folder)
    assert "folder" not in fake.presets["product-images"]["settings"]
