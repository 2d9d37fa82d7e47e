"""The Admin API client and the preset's create against the loopback Cloudinary, faults included."""

from __future__ import annotations

import pytest

from myapp_cloudinary.plugin import upload_preset
from myapp_cloudinary.plugin.client import CloudinaryClient, Credentials
from myapp_cloudinary.plugin.errors import (
    CloudinaryConflict,
    CloudinaryCredentialsError,
    CloudinaryNotFound,
    CloudinaryOutcomeUnknown,
    CloudinaryUnavailable,
)

AVATARS = {
    "name": "user-avatars",
    "unsigned": True,
    "folder": "avatars",
    "allowedFormats": ["jpg", "png", "webp"],
    "transformation": "c_limit,h_1024,w_1024/q_auto",
}


def test_a_preset_is_created_read_updated_and_deleted_with_the_documented_requests(client, fake):
    assert upload_preset.create(client, AVATARS) == "user-avatars"
    live = upload_preset.live_inputs(client.get_preset("user-avatars"))
    assert live == {**AVATARS, "transformation": "c_limit,h_1024,w_1024/q_auto"}
    client.update_preset("user-avatars", upload_preset.wire_body({**AVATARS, "folder": None}, creating=False))
    assert "folder" not in upload_preset.live_inputs(client.get_preset("user-avatars"))
    client.delete_preset("user-avatars")
    with pytest.raises(CloudinaryNotFound):
        client.get_preset("user-avatars")
    assert [r.operation for r in fake.requests] == ["create", "get", "update", "get", "delete", "get"]


def test_rate_limiting_is_waited_out_as_retry_after_asks(client, fake, waits):
    fake.fail("get", status=429, headers={"Retry-After": "7"})
    fake.fail("get", status=420, headers={"Retry-After": "3"})
    fake.add("product-images")
    assert client.get_preset("product-images")["name"] == "product-images"
    assert waits == [7.0, 3.0]


def test_server_failures_are_retried_a_bounded_number_of_times(client, fake, waits):
    fake.fail("get", status=502, times=10)
    fake.add("product-images")
    with pytest.raises(CloudinaryUnavailable, match=r"HTTP 502 after 4 attempt\(s\)"):
        client.get_preset("product-images")
    assert fake.count("get") == 4 and len(waits) == 3


def test_a_create_whose_answer_was_lost_keeps_the_preset_it_made(client, fake):
    fake.fail("create", applied=True)
    assert upload_preset.create(client, AVATARS) == "user-avatars"
    assert [r.status for r in fake.requests if r.operation == "create"] == [0, 409]
    assert len(fake.presets) == 1


def test_a_lost_create_that_finds_another_preset_in_the_way_refuses_it(client, fake):
    fake.add("user-avatars", folder="someone-else")
    fake.fail("create", status=503)
    with pytest.raises(CloudinaryConflict, match=r"pulumi import cloudinary:index:UploadPreset <resource name> user-avatars"):
        upload_preset.create(client, AVATARS)
    assert fake.presets["user-avatars"]["settings"] == {"folder": "someone-else"}


def test_a_create_that_never_answers_is_looked_for_then_reported(client, fake, waits):
    fake.fail("create", status=500, times=10)
    recovery = upload_preset.RecoveryPolicy(window=6, interval=3)
    clock = iter(range(0, 100, 3))
    with pytest.raises(CloudinaryOutcomeUnknown, match="most likely not made: run again"):
        upload_preset.create(client, AVATARS, recovery, sleep=waits.append, clock=lambda: next(clock))
    assert fake.presets == {}


def test_refused_credentials_name_the_settings_and_never_the_secret(fake, api_key, api_secret):
    wrong = CloudinaryClient(Credentials("myapp-prod", api_key, api_secret + "x"), api_base=fake.url)
    with pytest.raises(CloudinaryCredentialsError) as refused:
        wrong.get_preset("user-avatars")
    assert "cloudinary:apiKey" in str(refused.value) and api_secret not in str(refused.value)
