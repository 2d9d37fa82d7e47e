"""Scaling: function regions on Vercel, replicas and regions on Railway."""

from __future__ import annotations

import pytest

from infra.plan import revealed
from tests.status.support import BACKEND_REGION, BACKEND_REPLICAS, RAILWAY, section, subsection


def test_frontend_functions_run_in_the_configured_regions(declared, document):
    vercel = subsection(section(document, "Scaling"), "Frontend (Vercel)")
    regions = ", ".join(declared.config.frontend.function_regions)
    assert f"| `functionDefaultRegions` | {regions} |" in vercel, vercel


def test_the_backend_replica_count_and_region_are_shown(backend_document):
    railway = subsection(section(backend_document, "Scaling"), "Backend API (Railway)")
    assert f"| `numReplicas` | {BACKEND_REPLICAS} |" in railway and f"| `region` | {BACKEND_REGION} |" in railway, railway


def test_the_real_backend_replica_count_is_shown(declared, document):
    instances = [r for r in declared.plan.resources if r.type.startswith(RAILWAY) and "numReplicas" in r.inputs]
    if not instances:
        pytest.skip(f"{declared.stack} declares no Railway replica count yet")
    railway = subsection(section(document, "Scaling"), "Backend API (Railway)")
    for instance in instances:
        assert f"| `numReplicas` | {int(revealed(instance.inputs)['numReplicas'])} |" in railway, railway


def test_without_a_backend_its_scaling_is_not_managed(declared, document):
    if any(r.type.startswith(RAILWAY) for r in declared.plan.resources):
        pytest.skip(f"{declared.stack} declares a Railway backend")
    assert "not managed by this stack" in subsection(section(document, "Scaling"), "Backend API (Railway)")
