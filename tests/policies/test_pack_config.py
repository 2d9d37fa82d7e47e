"""Each stack's pack config file fits the pack, and a broken one is refused with every
problem named at once, as `pulumi preview --policy-pack-config` would refuse it."""

import json

import pytest

from infra.plan.analyzer import PolicyConfigError, config_file_for, read_config_file, reconcile


def _config(pack, stack):
    return reconcile(pack.info, read_config_file(config_file_for(stack)), stack)


def test_production_makes_every_policy_mandatory(pack):
    assert {name for name, (level, _) in _config(pack, "production").items() if level != "mandatory"} == set()


def test_staging_enforces_everything_but_protection(pack):
    levels = {name: level for name, (level, _) in _config(pack, "staging").items()}
    assert levels.pop("resource-protection") == "disabled"
    assert set(levels.values()) == {"mandatory"}


@pytest.mark.parametrize("stack, origins", [("production", ["https://myapp.com"]), ("staging", ["https://myapp-staging.vercel.app"])])
def test_each_stack_allows_only_its_own_origin(pack, stack, origins):
    assert _config(pack, stack)["cors-allowed-origins"][1]["allowedOrigins"] == origins


def test_unset_settings_take_their_schema_default(pack):
    level, settings = reconcile(pack.info, {}, "no file")["hsts-header"]
    assert (level, settings) == ("mandatory", {"minMaxAgeSeconds": 31536000, "requirePreload": False})


def test_all_sets_every_level_and_a_named_policy_overrides_it(pack, tmp_path):
    path = tmp_path / "qa.json"
    path.write_text(json.dumps({"all": "advisory", "hsts-header": "mandatory"}))
    config = reconcile(pack.info, read_config_file(path), str(path))
    assert config["hsts-header"][0] == "mandatory"
    assert {level for name, (level, _) in config.items() if name != "hsts-header"} == {"advisory"}


def test_every_problem_of_a_config_file_is_reported_at_once(pack, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(
        json.dumps(
            {
                "hsts-headers": "mandatory",
                "cors-allowed-origins": {"allowedOrigins": ["http://myapp.com"], "allowedOrigin": []},
                "jwt-secret-length": {"minBytes": "32"},
            }
        )
    )
    with pytest.raises(PolicyConfigError) as raised:
        reconcile(pack.info, read_config_file(path), str(path))
    assert len(raised.value.problems) == 4, raised.value.problems
    text = str(raised.value)
    for expected in (
        "hsts-headers: no such policy",
        "allowedOrigins[0]: 'http://myapp.com' does not match '^https://'",
        "allowedOrigin: policy cors-allowed-origins has no such setting",
        "minBytes: '32' is not of type 'integer'",
    ):
        assert expected in text, text


def test_an_unknown_enforcement_level_is_refused(tmp_path):
    path = tmp_path / "bad-level.json"
    path.write_text(json.dumps({"all": "strict"}))
    with pytest.raises(PolicyConfigError, match='"strict" must be one of advisory, mandatory, remediate, disabled'):
        read_config_file(path)
