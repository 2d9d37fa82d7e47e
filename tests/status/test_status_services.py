"""Service architecture: each platform's declared settings, read from the plan, not restated."""

from __future__ import annotations

import yaml

from infra.plan import revealed
from tests.status.support import section, subsection

SERVICE_INSTANCE = "railway:index:ServiceInstance"


def yaml_after(text: str, heading: str) -> dict:
    start = text.index(heading)
    block = text[text.index("```yaml\n", start) + len("```yaml\n") :]
    return yaml.safe_load(block[: block.index("```")])


def test_the_vercel_project_settings_are_the_planned_inputs(declared, document):
    project = next(r for r in declared.plan.resources if r.type == "vercel:index/project:Project")
    shown = yaml_after(subsection(section(document, "Service architecture"), "Frontend (Vercel)"), f"`{project.name}`")
    assert shown == revealed(project.inputs), f"{declared.stack}: the document's project settings differ from the plan"


def test_each_stack_shows_its_own_vercel_project_and_branch(production_document, staging_document):
    production = yaml_after(subsection(section(production_document, "Service architecture"), "Frontend (Vercel)"), "(Project)")
    staging = yaml_after(subsection(section(staging_document, "Service architecture"), "Frontend (Vercel)"), "(Project)")
    assert (production["name"], production["gitRepository"]["productionBranch"]) == ("myapp-frontend", "main")
    assert (staging["name"], staging["gitRepository"]["productionBranch"]) == ("myapp-staging", "staging")


def test_supabase_and_cloudinary_show_their_config_and_are_not_managed(declared, document):
    architecture = section(document, "Service architecture")
    assert declared.config.supabase.url in subsection(architecture, "Database (Supabase)")
    assert declared.config.cloudinary.cloud_name in subsection(architecture, "File storage (Cloudinary)")
    assert "Not managed by this stack" in subsection(architecture, "Database (Supabase)")


def test_a_platform_the_plan_does_not_declare_is_said_not_to_be_managed(vercel_only_document):
    architecture = section(vercel_only_document, "Service architecture")
    for platform in ("Cloudflare", "Railway"):
        assert f"not managed by this stack (the plan declares no {platform} resources)" in architecture, platform


def test_the_backend_instance_shows_every_declared_setting_but_the_provider_code(declared, document):
    instance = declared.plan.by_type(SERVICE_INSTANCE)[0]
    shown = yaml_after(subsection(section(document, "Service architecture"), "Backend API (Railway)"), f"`{instance.name}`")
    assert set(shown) == set(instance.inputs), f"{declared.stack}: {instance.urn} settings differ"


def test_references_to_other_objects_read_as_their_names_not_offline_ids(document):
    backend = subsection(section(document, "Service architecture"), "Backend API (Railway)")
    assert "serviceId: → myapp-backend-service" in backend and "offline-" not in backend, backend


def test_a_railway_project_is_listed_before_the_objects_built_in_it(document):
    backend = subsection(section(document, "Service architecture"), "Backend API (Railway)")
    assert backend.index("(Project):") < min(backend.index(f"({kind}):") for kind in ("Service", "ServiceInstance")), backend


def test_backend_variables_are_counted_here_and_listed_in_their_own_section(declared, document):
    collection = declared.plan.by_type("railway:index:VariableCollection")[0]
    shown = yaml_after(subsection(section(document, "Service architecture"), "Backend API (Railway)"), f"`{collection.name}`")
    count = len(revealed(collection.inputs)["variables"])
    assert shown["variables"].startswith(f"{count}, ") and "see Environment variables" in shown["variables"], shown
