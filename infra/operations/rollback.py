"""`rollback`: a service back to its previous (or a named) deployment, then verify, timed.

Targets are the status document's ("Rollback Procedures", "Rollback Time Targets"): the
frontend back within 2 minutes, the backend within 5, measured from the confirmed rollback
request to a verify that passes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from infra.config import ConfigError, StackConfig
from infra.plan.preview_json import diff_from_preview, read_preview_digest
from pulumiverse_railway.plugin.client import RailwayClient
from pulumiverse_railway.plugin.config import DEFAULT_ENDPOINT
from pulumiverse_railway.plugin.errors import RailwayError

from . import railway
from .expectations import expectations_of
from .report import print_table
from .vercel import DEFAULT_API, VercelDeployments, VercelError, previous
from .verify import Probe, verify_until_passing

TARGET_SECONDS = {"frontend": 120.0, "backend": 300.0}
# Which service a changed resource belongs to, by its provider package.
SERVICE_OF_PACKAGE = {"vercel": "frontend", "railway": "backend"}
PASSED, FAILED, UNUSABLE = 0, 1, 2


@dataclass(frozen=True)
class Step:
    service: str
    description: str
    current: str | None
    target: str


class RollbackError(RuntimeError):
    pass


def changed_services(preview_json: Path, stack: str) -> list[str]:
    """The services a `pulumi preview --json` of the run changed, frontend first."""
    diff = diff_from_preview(read_preview_digest(preview_json, stack), stack)
    found = {SERVICE_OF_PACKAGE[change.type.split(":")[0]] for change in diff.changes if change.type.split(":")[0] in SERVICE_OF_PACKAGE}
    return [service for service in TARGET_SECONDS if service in found]


def vercel_token() -> str:
    return os.environ.get("VERCEL_TOKEN") or os.environ.get("VERCEL_API_TOKEN") or ""


class Frontend:
    def __init__(self, config: StackConfig, api: str | None):
        self._name = config.frontend.project_name
        self._vercel = VercelDeployments(vercel_token(), api or DEFAULT_API, os.environ.get("VERCEL_TEAM_ID"))
        self._project_id = ""

    def plan(self, to: str | None) -> Step:
        self._project_id, current = self._vercel.project(self._name)
        deployments = self._vercel.production_deployments(self._project_id)
        target = to or previous(deployments, current).id
        return Step("frontend", f"Vercel project {self._name}: production {current} -> {target}", current, target)

    def apply(self, step: Step, interval: float) -> None:
        self._vercel.rollback(self._project_id, step.target, reason=f"make rollback from {step.current}")
        deadline = time.monotonic() + TARGET_SECONDS["frontend"]
        while self._vercel.project(self._name)[1] != step.target:
            if time.monotonic() > deadline:
                raise RollbackError(f"production still does not serve {step.target} after {TARGET_SECONDS['frontend']:.0f} s")
            time.sleep(interval)

    def close(self) -> None:
        self._vercel.close()


class Backend:
    def __init__(self, config: StackConfig, api: str | None):
        self._config = config.backend
        token = os.environ.get("RAILWAY_TOKEN", "")
        self._client = RailwayClient(
            token, endpoint=api or os.environ.get("RAILWAY_API_URL") or DEFAULT_ENDPOINT, token_source="RAILWAY_TOKEN"
        )
        self._known: set[str] = set()

    def plan(self, to: str | None) -> Step:
        self._place = railway.find_service(self._client, self._config)
        deployments = railway.deployments_of(self._client, self._place)
        self._known = {d.id for d in deployments}
        current = next((d.id for d in deployments if d.status == "SUCCESS"), None)
        target = railway.choose_target(deployments, to)
        where = f"{self._config.project.name}/{self._config.environment}/{self._config.service_name}"
        return Step("backend", f"Railway service {where}: {current} -> redeploy of {target.id} ({target.createdAt})", current, target.id)

    def apply(self, step: Step, interval: float) -> None:
        target = railway.choose_target(railway.deployments_of(self._client, self._place), step.target)
        railway.roll_back(self._client, self._place, target)
        railway.wait_until_live(self._client, self._place, self._known, TARGET_SECONDS["backend"], interval)

    def close(self) -> None:
        self._client.close()


def _confirmed(steps: list[Step], yes: bool) -> bool:
    for step in steps:
        print(f"will roll back {step.service}: {step.description}")
    if yes:
        return True
    if not sys.stdin.isatty():
        print("not confirmed: no terminal to ask on; pass --yes", file=sys.stderr)
        return False
    return input("roll back? [y/N] ").strip().lower() in ("y", "yes")


def run_rollback(args: argparse.Namespace, config: StackConfig, probe: Probe) -> int:
    started = time.monotonic()
    try:
        services = args.service or (changed_services(Path(args.changed_by), args.stack) if args.changed_by else [])
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return UNUSABLE
    if not services:
        print("nothing to roll back: name --service, or the run changed neither the frontend nor the backend")
        return PASSED if args.changed_by else UNUSABLE
    if args.to and len(services) != 1:
        print("error: --to names one deployment: roll back one --service at a time", file=sys.stderr)
        return UNUSABLE
    apis = {"frontend": args.vercel_api, "backend": args.railway_api}
    kinds: dict[str, type[Frontend] | type[Backend]] = {"frontend": Frontend, "backend": Backend}
    platforms: dict[str, Frontend | Backend] = {}
    try:
        for service in services:
            platforms[service] = kinds[service](config, apis[service])
        steps = [platforms[service].plan(args.to) for service in services]
        if not _confirmed(steps, args.yes):
            return UNUSABLE
        started = time.monotonic()
        for step in steps:
            platforms[step.service].apply(step, args.poll_interval)
            print(f"rolled back {step.service} to {step.target} after {time.monotonic() - started:.1f} s")
    except (VercelError, RailwayError, RollbackError) as error:
        print(f"error: {error}", file=sys.stderr)
        return UNUSABLE
    finally:
        for platform in platforms.values():
            platform.close()
    budget = max(TARGET_SECONDS[service] for service in services) - (time.monotonic() - started)
    checks = verify_until_passing(expectations_of(config), probe, retry_for=max(budget, 0.0), interval=args.poll_interval)
    elapsed = time.monotonic() - started
    print_table(checks, f"verify {config.stack} after rollback", sys.stdout)
    for service in services:
        verdict = "within" if elapsed < TARGET_SECONDS[service] else "OVER"
        print(f"{service}: {elapsed:.1f} s from rollback to a passing verify, {verdict} the target of {TARGET_SECONDS[service]:.0f} s")
    met = all(elapsed < TARGET_SECONDS[service] for service in services)
    return PASSED if all(c.passed for c in checks) and met else FAILED
