"""The architecture diagram: valid Mermaid (Mermaid's own parser), drawn from the plan's graph."""

from __future__ import annotations

import pytest

from infra.status.diagram import node_id
from infra.status.inventory import platform_objects, platform_of

STROKE_OF_DEPENDENCY = {"normal", "dotted"}


@pytest.fixture(scope="session")
def case(declared, parse_mermaid, document):
    """(declared side, what Mermaid parsed from its document) for each stack."""
    return declared, parse_mermaid(document)


def flowchart(result) -> dict:
    assert result.ok, f"the document's diagram does not parse: {result.error}"
    assert len(result.diagrams) == 1 and result.diagrams[0]["type"].startswith("flowchart"), result.diagrams
    return result.diagrams[0]


def real_dependencies(declared) -> set[tuple[str, str]]:
    objects = {r.urn: r for r in platform_objects(declared.plan)}
    return {
        (node_id(objects[urn]), node_id(resource))
        for resource in objects.values()
        for urn in {*resource.dependencies, *(u for urns in resource.property_dependencies.values() for u in urns)}
        if urn in objects
    }


def labelled(chart: dict, label: str) -> set[tuple[str, str]]:
    return {(e["from"], e["to"]) for e in chart["edges"] if e["label"] == label}


def test_the_diagram_parses_with_mermaid(case):
    _, result = case
    assert result.ok, result.error


def test_the_parser_rejects_invalid_mermaid_with_its_error(parse_mermaid):
    result = parse_mermaid("```mermaid\nflowchart LR\n  a -->|unclosed b\n```\n")
    assert not result.ok and "Parse error" in result.error, result.error


def test_there_is_a_node_per_declared_platform_object(case):
    declared, result = case
    expected = {node_id(r) for r in platform_objects(declared.plan)}
    assert {n["id"] for n in flowchart(result)["nodes"]} == expected


def test_providers_and_components_are_not_nodes(case):
    declared, result = case
    ids = {n["id"] for n in flowchart(result)["nodes"]}
    others = [r for r in declared.plan.resources if not r.custom or r.type.startswith("pulumi:providers:")]
    assert not any(node_id(r) in ids for r in others)


def test_each_platform_is_a_subgraph_holding_its_objects(case):
    declared, result = case
    subgraphs = {s["id"]: set(s["nodes"]) for s in flowchart(result)["subgraphs"]}
    expected: dict[str, set[str]] = {}
    for resource in platform_objects(declared.plan):
        expected.setdefault(platform_of(resource.type).key, set()).add(node_id(resource))
    assert subgraphs == expected


def test_there_is_an_edge_per_real_dependency_and_no_other(case):
    declared, result = case
    edges = {(e["from"], e["to"]) for e in flowchart(result)["edges"] if e["stroke"] in STROKE_OF_DEPENDENCY}
    assert edges == real_dependencies(declared)


def test_an_ordering_only_dependency_is_dotted(production_diagram):
    edges = {(e["from"], e["to"]): e["stroke"] for e in flowchart(production_diagram)["edges"]}
    assert (
        edges[("vercel_ProjectDomain_myapp_frontend_domain_myapp_com", "vercel_ProjectDomain_myapp_frontend_domain_www_myapp_com")]
        == "dotted"
    )


def test_each_dns_record_points_at_the_object_serving_its_host(production_diagram):
    assert labelled(flowchart(production_diagram), "DNS") == {
        ("cloudflare_DnsRecord_myapp_edge_dns_apex", "vercel_ProjectDomain_myapp_frontend_domain_myapp_com"),
        ("cloudflare_DnsRecord_myapp_edge_dns_www", "vercel_ProjectDomain_myapp_frontend_domain_www_myapp_com"),
        ("cloudflare_DnsRecord_myapp_edge_dns_api", "railway_CustomDomain_myapp_backend_domain"),
    }


def test_the_api_dns_record_takes_its_target_from_the_railway_custom_domain(production_diagram):
    edge = ("railway_CustomDomain_myapp_backend_domain", "cloudflare_DnsRecord_myapp_edge_dns_api")
    assert labelled(flowchart(production_diagram), "DNS target") == {edge}


def test_production_api_url_variable_takes_the_railway_custom_domain(production_diagram):
    edge = ("railway_CustomDomain_myapp_backend_domain", "vercel_ProjectEnvironmentVariable_myapp_frontend_env_NEXT_PUBLIC_API_URL")
    assert labelled(flowchart(production_diagram), "API URL") == {edge}


def test_staging_api_url_variable_takes_the_railway_service_domain(staging_diagram):
    edge = (
        "railway_ServiceDomain_myapp_backend_service_domain",
        "vercel_ProjectEnvironmentVariable_myapp_frontend_env_NEXT_PUBLIC_API_URL",
    )
    assert labelled(flowchart(staging_diagram), "API URL") == {edge}


def test_production_cors_origins_come_from_the_vercel_apex_domain(production_diagram):
    edge = ("vercel_ProjectDomain_myapp_frontend_domain_myapp_com", "railway_VariableCollection_myapp_backend_variables")
    assert labelled(flowchart(production_diagram), "CORS origins") == {edge}


def test_staging_cors_origins_come_from_the_vercel_project(staging_diagram):
    edge = ("vercel_Project_myapp_frontend_project", "railway_VariableCollection_myapp_backend_variables")
    assert labelled(flowchart(staging_diagram), "CORS origins") == {edge}


def test_a_railway_service_domain_box_names_its_host(staging_diagram):
    labels = {n["id"]: n["label"] for n in flowchart(staging_diagram)["nodes"]}
    assert labels["railway_ServiceDomain_myapp_backend_service_domain"].startswith("myapp-backend-staging.up.railway.app"), labels


def test_an_id_reference_is_not_labelled(production_diagram):
    edge = ("vercel_Project_myapp_frontend_project", "vercel_ProjectEnvironmentVariable_myapp_frontend_env_NEXT_PUBLIC_API_URL")
    labels = {(e["from"], e["to"]): e["label"] for e in flowchart(production_diagram)["edges"]}
    assert labels[edge] == ""
