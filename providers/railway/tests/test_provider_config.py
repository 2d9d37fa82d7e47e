"""The provider's own settings, as the engine checks and configures them: `railway:token` and `railway:endpoint`."""

from __future__ import annotations

import grpc
import pytest
from plugin_harness import PluginProcess, from_struct, plugin_env


def failures(plugin, news: dict) -> dict[str, str]:
    return {f.property: f.reason for f in plugin.check_config(news).failures}


def test_check_config_accepts_a_token_and_an_https_endpoint(plugin_process):
    assert not failures(plugin_process, {"token": "rw-token", "endpoint": "https://backboard.railway.com/graphql/v2", "version": "0.2.0"})


def test_check_config_keeps_the_token_secret(plugin_process):
    inputs = from_struct(plugin_process.check_config({"token": "rw-token-kept-secret"}).inputs)
    assert ("token",) in inputs.secrets, "railway:token came back from CheckConfig as plain text"


@pytest.mark.parametrize("endpoint", ["http://backboard.railway.com/graphql/v2", "backboard.railway.com", "ftp://x"])
def test_check_config_refuses_an_endpoint_that_is_not_https_and_says_what_to_set(plugin_process, endpoint):
    reason = failures(plugin_process, {"endpoint": endpoint}).get("endpoint", "")
    assert "railway:endpoint" in reason and repr(endpoint) in reason and "https://" in reason, reason


def test_check_config_allows_plain_http_to_this_machine(plugin_process):
    assert not failures(plugin_process, {"endpoint": "http://127.0.0.1:8080/graphql/v2"})


def test_check_config_refuses_an_empty_token_without_quoting_it(plugin_process):
    reason = failures(plugin_process, {"token": "  "}).get("token", "")
    assert "railway:token" in reason and "pulumi config set --secret railway:token" in reason, reason


def test_check_config_names_a_setting_the_provider_does_not_have(plugin_process):
    reason = failures(plugin_process, {"tokn": "x"}).get("tokn", "")
    assert "railway:tokn" in reason and "token, endpoint" in reason, reason


def test_configure_takes_secrets_and_answers_previews_itself(plugin):
    answer = plugin.configure(token="rw-token")
    assert answer.acceptSecrets and answer.supportsPreview


@pytest.fixture
def bare_plugin(engine, tmp_path, fake_railway, railway_token):
    """A plugin started with RAILWAY_TOKEN and RAILWAY_API_URL in its environment, as CI runs it."""
    with PluginProcess(engine, plugin_env(fake_railway.url, railway_token), tmp_path / "stderr.log") as process:
        yield process


def test_the_token_comes_from_railway_token_when_the_stack_sets_none(bare_plugin, fake_railway):
    bare_plugin.configure()
    id_, _outputs = bare_plugin.create("Project", {"name": "myapp-web"})
    assert id_ in fake_railway.state.projects


def test_a_refused_token_from_the_environment_names_the_variable(engine, tmp_path, fake_railway):
    with PluginProcess(engine, plugin_env(fake_railway.url, "rw-wrong-token"), tmp_path / "stderr.log") as plugin:
        plugin.configure()
        with pytest.raises(grpc.RpcError) as failed:
            plugin.create("Project", {"name": "myapp-web"})
    assert "RAILWAY_TOKEN environment variable" in failed.value.details(), failed.value.details()


def test_no_token_anywhere_says_how_to_set_one(engine, tmp_path, fake_railway):
    with PluginProcess(engine, plugin_env(fake_railway.url, None), tmp_path / "stderr.log") as plugin:
        plugin.configure()
        with pytest.raises(grpc.RpcError) as failed:
            plugin.create("Project", {"name": "myapp-web"})
    details = failed.value.details()
    assert failed.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert "pulumi config set --secret railway:token" in details and "RAILWAY_TOKEN" in details, details


def test_the_plugin_writes_only_its_port_on_stdout_and_answers_plugin_info(plugin_process):
    from google.protobuf import empty_pb2

    info = plugin_process.stub.GetPluginInfo(empty_pb2.Empty())
    assert plugin_process.port > 0 and info.version, info
