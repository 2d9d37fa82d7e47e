"""Provider settings, CLOUDINARY_URL, transformation forms and the documented request shapes."""

from __future__ import annotations

import pytest

from myapp_cloudinary.plugin import config, transformation, upload_preset
from myapp_cloudinary.plugin.admin_api import endpoint_for
from myapp_cloudinary.plugin.errors import CloudinaryConfigError, CloudinaryCredentialsError


def test_cloudinary_url_supplies_what_the_stack_does_not_set():
    found = config.settings({}, {"CLOUDINARY_URL": "cloudinary://123456:PLACEHOLDER-secret@myapp-prod"})
    assert (found.cloud_name, found.api_key, found.api_secret) == ("myapp-prod", "123456", "PLACEHOLDER-secret")
    assert "CLOUDINARY_URL" in found.source


def test_the_stack_config_wins_over_cloudinary_url():
    found = config.settings(
        {"cloudName": "myapp-staging", "apiKey": "k1", "apiSecret": "s1"}, {"CLOUDINARY_URL": "cloudinary://a:PLACEHOLDER-b@other"}
    )
    assert (found.cloud_name, found.api_key, found.api_secret) == ("myapp-staging", "k1", "s1")


def test_a_malformed_cloudinary_url_is_refused_without_quoting_it():
    with pytest.raises(CloudinaryConfigError, match=r"cloudinary://<api_key>:<api_secret>@<cloud_name>") as refused:
        config.settings({}, {"CLOUDINARY_URL": "https://key:PLACEHOLDER-very-secret@myapp-prod"})
    assert "PLACEHOLDER-very-secret" not in str(refused.value)


def test_missing_credentials_say_which_keys_to_set():
    with pytest.raises(CloudinaryCredentialsError, match=r"pulumi config set --secret cloudinary:apiKey"):
        config.settings({"cloudName": "myapp-prod"}, {}).credentials()


def test_bad_settings_name_the_key_and_the_fix():
    found = dict(config.problems({"cloudName": "MyApp Prod", "apiSecret": " ", "apiBase": "http://api.example.com"}))
    assert "e.g. myapp-prod" in found["cloudName"]
    assert "pulumi config set --secret cloudinary:apiSecret" in found["apiSecret"]
    assert "plain http only on this machine" in found["apiBase"]


@pytest.mark.parametrize(
    ("declared", "read_back"),
    [
        ("q_auto,f_auto", [{"quality": "auto", "fetch_format": "auto"}]),
        ("c_limit,w_2000,h_2000/q_auto", [{"crop": "limit", "width": 2000, "height": 2000}, {"quality": "auto"}]),
    ],
)
def test_a_transformation_compares_equal_in_both_of_its_forms(declared, read_back):
    assert transformation.canonical(declared) == transformation.canonical(read_back)
    assert transformation.canonical(transformation.as_read_back(declared)) == transformation.canonical(declared)


def test_a_transformation_that_is_not_url_syntax_is_refused_with_an_example():
    assert "e.g. q_auto" in (transformation.problem("quality=auto") or "")
    assert "knows the parameters" in (transformation.problem("zz_9") or "")
    assert transformation.problem("c_limit,w_2000/q_auto,f_auto") is None


def test_every_body_the_preset_sends_matches_the_documented_endpoint():
    declared = {"name": "user-avatars", "unsigned": True, "folder": "avatars", "allowedFormats": ["jpg"], "transformation": "q_auto"}
    create = endpoint_for("POST", "upload_presets")
    update = endpoint_for("PUT", "upload_presets/user-avatars")
    assert create is not None and update is not None
    assert create.problems({}, upload_preset.wire_body(declared, creating=True)) == []
    assert update.problems({}, upload_preset.wire_body({"name": "user-avatars"}, creating=False)) == []
    assert update.problems({}, {"name": "renamed"}) == ["sends the undocumented parameter 'name'"]
    assert endpoint_for("PATCH", "upload_presets/user-avatars") is None
