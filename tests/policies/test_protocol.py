"""The pack as the engine meets it: what GetAnalyzerInfo publishes, how it starts and stops,
and what reaches it over the wire."""

import ast
import inspect
import re

import grpc
import pytest
from google.protobuf import json_format
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

import infra.plan.analyzer as analyzer
from infra.plan.analyzer import POLICY_PACK_DIR, PolicyPackError, PolicyPackSession
from infra.plan.analyzer.session import analyze_request

from .builders import resource, secret

SETTINGS = {
    "hsts-header": {"minMaxAgeSeconds", "requirePreload"},
    "framing-denied": {"allowedFrameAncestors"},
    "referrer-policy": {"allowedPolicies"},
    "min-tls-version": {"minimumVersion"},
    "zone-hsts-setting": {"minMaxAgeSeconds"},
    "zone-tls-settings-declared": {"requiredSettings"},
    "dns-proxied": {"servedHostnames"},
    "cors-allowed-origins": {"allowedOrigins"},
    "cors-methods": {"allowedMethods"},
    "secret-variable-sensitive": {"publicKeyMarkers"},
    "jwt-secret-length": {"minBytes"},
    "resource-protection": {"protectedTypes"},
}
WITHOUT_SETTINGS = {
    "content-type-nosniff",
    "content-security-policy",
    "xss-protection-disabled",
    "security-headers-present",
    "ssl-mode-strict",
    "tls-1-3-enabled",
    "always-use-https",
    "cors-origin-format",
    "cors-credentials-wildcard",
    "no-secret-in-public-variable",
}
STACK_POLICIES = {"security-headers-present", "zone-tls-settings-declared", "dns-proxied"}


def test_the_pack_names_itself_with_the_version_of_its_project_file(pack):
    assert (pack.info.name, pack.info.version) == ("myapp-security", "0.1.0")
    assert pack.info.supports_config


def test_every_policy_is_listed_with_a_kebab_case_name_and_a_description(pack):
    assert set(pack.info.policies) == set(SETTINGS) | WITHOUT_SETTINGS
    for name, policy in pack.info.policies.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), f"{name} is not kebab-case"
        assert policy.description.endswith("."), f"{name} has no sentence for a description: {policy.description!r}"


def test_every_policy_publishes_its_config_schema(pack):
    for name, policy in pack.info.policies.items():
        assert set(policy.config_schema) == SETTINGS.get(name, set()), f"{name} publishes {sorted(policy.config_schema)}"
        for setting, schema in policy.config_schema.items():
            assert {"type", "default", "description"} <= set(schema), f"{name}.{setting} schema is {schema}"


def test_every_policy_is_mandatory_by_default(pack):
    assert {p.name for p in pack.info.policies.values() if p.enforcement_level != "mandatory"} == set()


def test_stack_wide_policies_are_published_as_stack_policies(pack):
    assert {p.name for p in pack.info.policies.values() if p.kind == "stack"} == STACK_POLICIES


def test_the_pack_stops_cleanly_when_interrupted_as_the_engine_does():
    with PolicyPackSession(POLICY_PACK_DIR) as session:
        assert session.info.policies
    assert session.returncode == 0, session.stderr


def test_the_engine_address_given_to_the_pack_serves_the_engine_log(pack):
    engine = engine_pb2_grpc.EngineStub(grpc.insecure_channel(pack.engine_address))
    engine.Log(engine_pb2.LogRequest(severity=engine_pb2.WARNING, message="hello from a pack"), timeout=5)
    assert ("warning", "hello from a pack") in [(entry.severity, entry.message) for entry in pack.logs]


def test_a_pack_that_cannot_start_is_reported_with_its_stderr(tmp_path):
    (tmp_path / "PulumiPolicy.yaml").write_text("runtime: python\nname: broken\n")
    (tmp_path / "__main__.py").write_text("raise RuntimeError('the pack is broken on purpose')\n")
    with pytest.raises(PolicyPackError, match="the pack is broken on purpose"), PolicyPackSession(tmp_path, start_timeout=20):
        pass


def test_internal_inputs_such_as_bridge_bookkeeping_never_reach_the_pack():
    internal = resource("production", "railway:index:Service", "svc", {"name": "api", "__defaults": secret("[]")})
    sent = json_format.MessageToDict(analyze_request(internal).properties)
    assert sent == {"name": "api"}


def test_the_pack_imports_nothing_from_the_program_or_a_provider_sdk():
    allowed_roots = {"pulumi_policy", "myapp_policies", "__future__"}
    for path in sorted(POLICY_PACK_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = {node.module.split(".")[0]}
            else:
                continue
            foreign = {root for root in roots if root not in allowed_roots and not _stdlib(root)}
            assert not foreign, f"{path.relative_to(POLICY_PACK_DIR)} imports {foreign}"


def _stdlib(module: str) -> bool:
    import sys

    return module in sys.stdlib_module_names


def test_the_analyzer_package_exports_exactly_what_it_documents():
    public = {name for name, value in vars(analyzer).items() if not name.startswith("_") and not inspect.ismodule(value)}
    assert public == set(analyzer.__all__)
