"""The offline policy check: every planned stack through the policy pack, one pack process.

`check_stacks` is what `python -m infra.plan` calls after planning; CI fails on its verdict.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ..model import StackPlan
from .pack_config import read_config_file, reconcile
from .session import PolicyPackSession
from .verdict import PolicyVerdict

REPO_ROOT = Path(__file__).resolve().parents[3]
POLICY_PACK_DIR = REPO_ROOT / "policies"


def config_file_for(stack: str, pack_dir: Path = POLICY_PACK_DIR) -> Path | None:
    """`policies/config/<stack>.json`, the file `pulumi preview --policy-pack-config` takes."""
    path = pack_dir / "config" / f"{stack}.json"
    return path if path.is_file() else None


def check_stacks(plans: Sequence[StackPlan], *, pack_dir: Path = POLICY_PACK_DIR, out: TextIO | None = sys.stdout) -> PolicyVerdict:
    """Runs the pack over each plan as `pulumi preview --policy-pack` would, prints the
    violations grouped per stack, pack and policy to `out` (unless None), and returns the verdict.

    Raises `PolicyConfigError` (a stack's config file, every problem at once) before the pack
    starts, and `PolicyPackError` if the pack cannot start or fails an RPC."""
    files = {plan.stack: config_file_for(plan.stack, pack_dir) for plan in plans}
    given = {stack: read_config_file(path) if path else {} for stack, path in files.items()}
    violations = []
    with PolicyPackSession(pack_dir) as pack:
        for plan in plans:
            source = str(files[plan.stack] or f"pack defaults for stack {plan.stack}")
            config = reconcile(pack.info, given[plan.stack], source)
            violations += pack.analyze(plan.stack, plan.project, plan.resources, config)
    verdict = PolicyVerdict(
        pack.info.name, pack.info.version, Path(pack_dir), tuple(plan.stack for plan in plans), files, tuple(violations)
    )
    if out is not None:
        print(verdict.render(), file=out)
    return verdict
