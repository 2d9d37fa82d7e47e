"""What the repository's workflows need from GitHub, read from the workflow files themselves.

The delivery stack declares the GitHub side (environments, their secrets, the checks `main`
requires) from this, so a workflow that starts reading a new secret, or a renamed check, shows
up in the delivery stack's plan instead of failing the first run that needs it.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

WORKFLOWS_DIR = Path(__file__).resolve().parents[2] / ".github" / "workflows"
# The workflow whose jobs a pull request must pass; its job names are the required checks.
PULL_REQUEST_WORKFLOW = "pull-request.yml"
# Provided by GitHub to every run; never stored as a repository or environment secret.
GITHUB_PROVIDED = frozenset({"GITHUB_TOKEN"})
_SECRET = re.compile(r"\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)")
_MATRIX = re.compile(r"\$\{\{\s*matrix\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}")
_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


@dataclass(frozen=True)
class WorkflowNeeds:
    # environment name -> the secrets its jobs read; "*" for a job whose environment is chosen
    # at run time (a reusable workflow's `inputs.stack`): it may run in any deploy environment.
    secrets_by_environment: Mapping[str, frozenset[str]]
    required_checks: tuple[str, ...]

    def secrets_of(self, environment: str, deploys: bool) -> frozenset[str]:
        chosen_at_run_time = self.secrets_by_environment.get("*", frozenset()) if deploys else frozenset()
        return self.secrets_by_environment.get(environment, frozenset()) | chosen_at_run_time


def read_workflow_needs(directory: Path = WORKFLOWS_DIR) -> WorkflowNeeds:
    secrets: dict[str, set[str]] = defaultdict(set)
    checks: list[str] = []
    for path in sorted(directory.glob("*.yml")):
        workflow = yaml.safe_load(path.read_text()) or {}
        for job in (workflow.get("jobs") or {}).values():
            environment = _environment_of(job)
            if environment is not None:
                secrets[environment] |= _secrets_read(job) - GITHUB_PROVIDED
        if path.name == PULL_REQUEST_WORKFLOW:
            checks += [name for job_id, job in (workflow.get("jobs") or {}).items() for name in _check_names(job_id, job)]
    return WorkflowNeeds({name: frozenset(names) for name, names in secrets.items()}, tuple(checks))


def _environment_of(job: Mapping[str, Any]) -> str | None:
    environment = job.get("environment")
    name = environment.get("name") if isinstance(environment, dict) else environment
    if not isinstance(name, str):
        return None
    return "*" if _EXPRESSION.search(name) else name


def _secrets_read(job: Mapping[str, Any]) -> set[str]:
    return set(_SECRET.findall(yaml.safe_dump(job)))


def _check_names(job_id: str, job: Mapping[str, Any]) -> Iterable[str]:
    """The check names GitHub shows for a job: its `name` (or id), once per matrix combination."""
    name = str(job.get("name", job_id))
    matrix = ((job.get("strategy") or {}).get("matrix")) or {}
    axes = sorted(set(_MATRIX.findall(name)))
    if not axes:
        return [name]
    combinations = itertools.product(*(matrix.get(axis, []) for axis in axes))
    return [_named(name, dict(zip(axes, combo, strict=True))) for combo in combinations]


def _named(name: str, values: Mapping[str, Any]) -> str:
    return _MATRIX.sub(lambda match: str(values[match.group(1)]), name)
