"""Service architecture: each platform's declared settings, read from the plan, not restated."""

from __future__ import annotations

import dataclasses

import yaml

from infra.plan import revealed
from infra.status import LiveState, render_status
from tests.status.support import section, subsection


def yaml_after(text: str, heading: str) -> dict:
    start = text.index(heading)
    block = text[text.index("```yaml\n", start) + len("```yaml\n"):]
    return yaml.safe_load(block[:block.index("```")])


def test_the_vercel_project_settings_are_the_planned_inputs(declared, document):
    project = next(r for r in declared.plan.resources if r.type == "vercel:index/project:Project")
    shown = yaml_after(subsection(section(document, "Service architecture"), "Frontend (Vercel)"), f"`{project.name}`")
    assert shown == revealed(project.inputs), f"{declared.stack}: the document's project settings differ from the plan"


def test_each_stack_shows_its_own_vercel_project_and_branch(production_document, staging_document):
    production = yaml_after(section(production_document, "Service architecture"), "(Project)")
    staging = yaml_after(section(staging_document, "Service architecture"), "(Project)")
    assert (production["name"], production["gitRepository"]["productionBranch"]) == ("myapp-frontend", "main")
    assert (staging["name"], staging["gitRepository"]["productionBranch"]) == ("myapp-staging", "staging")


def test_supabase_and_cloudinary_show_their_config_and_are_not_managed(declared, document):
    architecture = section(document, "Service architecture")
    assert declared.config.supabase.url in subsection(architecture, "Database (Supabase)")
    assert declared.config.cloudinary.cloud_name in subsection(architecture, "File storage (Cloudinary)")
    assert "Not managed by this stack" in subsection(architecture, "Database (Supabase)")


def test_a_platform_the_plan_does_not_declare_is_said_not_to_be_managed(production_declared):
    vercel_only = tuple(r for r in production_declared.plan.resources if not r.type.startswith(("cloudflare:", "pulumi-python:")))
    declared = dataclasses.replace(production_declared, plan=dataclasses.replace(production_declared.plan, resources=vercel_only))
    architecture = section(render_status(declared, LiveState()), "Service architecture")
    for platform in ("Cloudflare", "Railway"):
        assert f"not managed by this stack (the plan declares no {platform} resources)" in architecture, platform


def test_the_backend_service_settings_are_shown_without_the_provider_code(backend_document):
    backend = subsection(section(backend_document, "Service architecture"), "Backend API (Railway)")
    assert "startCommand: node dist/server.js" in backend and "__provider" not in backend, backend


def test_references_to_other_objects_read_as_their_names_not_offline_ids(backend_document):
    backend = subsection(section(backend_document, "Service architecture"), "Backend API (Railway)")
    assert "serviceId: → myapp-backend-service" in backend and "offline-" not in backend, backend
