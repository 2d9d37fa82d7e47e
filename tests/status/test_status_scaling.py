"""Scaling: function regions on Vercel, replicas and regions on Railway."""

from __future__ import annotations

from tests.status.support import section, subsection


def backend_scaling(document: str) -> dict[str, str]:
    """Railway scaling setting -> value, as the document lists them."""
    railway = subsection(section(document, "Scaling"), "Backend API (Railway)")
    lines = [line.strip("|").split("|") for line in railway.splitlines() if line.startswith("| `")]
    return {cells[1].strip(" `"): cells[2].strip() for cells in lines}


def test_frontend_functions_run_in_the_configured_regions(declared, document):
    vercel = subsection(section(document, "Scaling"), "Frontend (Vercel)")
    regions = ", ".join(declared.config.frontend.function_regions)
    assert f"| `functionDefaultRegions` | {regions} |" in vercel, vercel


def test_production_runs_two_api_replicas(production_document):
    assert backend_scaling(production_document)["numReplicas"] == "2"


def test_staging_runs_one_api_replica(staging_document):
    assert backend_scaling(staging_document)["numReplicas"] == "1"


def test_the_api_runs_in_the_configured_railway_region(declared, document):
    assert backend_scaling(document)["region"] == declared.config.backend.region, declared.stack


def test_without_a_backend_its_scaling_is_not_managed(vercel_only_document):
    assert "not managed by this stack" in subsection(section(vercel_only_document, "Scaling"), "Backend API (Railway)")
