"""Times the offline policy check: starting the pack as the engine does, analysing every
planned stack over gRPC, and stopping it. Planning is not counted (it runs anyway).

Floor: the policy check of all stacks adds at most 2 s to `make plan` (median of 5 runs).
Prints the figures, then PASS or FAIL; exits 1 on FAIL.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings("ignore", category=DeprecationWarning)

from infra.plan import plan_stack  # noqa: E402
from infra.plan.analyzer import POLICY_PACK_DIR, PolicyPackSession, check_stacks, config_file_for, read_config_file, reconcile  # noqa: E402
from infra.plan.stack_files import available_stacks  # noqa: E402

FLOOR_SECONDS = 2.0
RUNS = 5


def breakdown(plans) -> dict[str, float]:
    """One run, phase by phase: start (process, port, handshake, GetAnalyzerInfo), each stack, stop."""
    figures = {}
    started = time.perf_counter()
    session = PolicyPackSession(POLICY_PACK_DIR).__enter__()
    figures["start"] = time.perf_counter() - started
    try:
        for plan in plans:
            begin = time.perf_counter()
            path = config_file_for(plan.stack)
            config = reconcile(session.info, read_config_file(path) if path else {}, plan.stack)
            session.analyze(plan.stack, plan.project, plan.resources, config)
            figures[f"analyze {plan.stack}"] = time.perf_counter() - begin
    finally:
        begin = time.perf_counter()
        session.close()
        figures["stop"] = time.perf_counter() - begin
    return figures


def main() -> int:
    plans = [plan_stack(stack) for stack in available_stacks()]
    resources = sum(len(plan.resources) for plan in plans)
    totals = []
    for _ in range(RUNS):
        begin = time.perf_counter()
        check_stacks(plans, out=None)
        totals.append(time.perf_counter() - begin)
    phases = breakdown(plans)
    median = statistics.median(totals)
    print(f"policy check of {', '.join(p.stack for p in plans)}: {resources} resources, {len(plans)} stacks, one pack process")
    for phase, seconds in phases.items():
        print(f"  {phase:<22} {seconds * 1000:7.0f} ms")
    analyze_total = sum(v for k, v in phases.items() if k.startswith("analyze"))
    print(f"  {'per resource (Analyze)':<22} {analyze_total / max(resources, 1) * 1000:7.1f} ms")
    print(f"  whole check, {RUNS} runs:   median {median * 1000:.0f} ms, min {min(totals) * 1000:.0f} ms, max {max(totals) * 1000:.0f} ms")
    verdict = "PASS" if median <= FLOOR_SECONDS else "FAIL"
    print(f"{verdict}: the policy check adds {median:.2f} s to a plan (floor {FLOOR_SECONDS:.1f} s)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
