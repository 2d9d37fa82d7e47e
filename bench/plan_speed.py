"""Times the offline plan of both stacks against the bare floor of importing the providers.

Floor: `python -c "import pulumi_cloudflare, pulumiverse_vercel, pulumiverse_railway"`, in the same run, on the
same machine, so the ratio means something on any machine. Target: plan <= 1.5x floor.
The policy verdicts the plan prints by default are timed apart (target: they add <= 2 s).
`--suite` also times the whole test suite against its 120 s budget.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
PLAN_RATIO_TARGET = 1.5
POLICY_SECONDS_TARGET = 2.0
SUITE_SECONDS_TARGET = 120.0


def seconds(command: list[str], runs: int) -> float:
    """Median wall time of `runs` runs (after one warm-up, so both sides read warm caches)."""
    timings = []
    for attempt in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(command, cwd=REPO_ROOT, check=True, stdout=subprocess.DEVNULL)
        if attempt:
            timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--suite", action="store_true", help="also time the whole test suite")
    args = parser.parse_args()

    floor = seconds([sys.executable, "-c", "import pulumi_cloudflare, pulumiverse_vercel, pulumiverse_railway"], args.runs)
    plan = seconds([sys.executable, "-m", "infra.plan", "production", "staging", "--no-policy"], args.runs)
    checked = seconds([sys.executable, "-m", "infra.plan", "production", "staging"], args.runs)
    ratio, policy_cost = plan / floor, checked - plan
    print(f"floor (import pulumi_cloudflare, pulumiverse_vercel, pulumiverse_railway): {floor:.3f} s (median of {args.runs})")
    print(f"offline plan of production + staging:               {plan:.3f} s (median of {args.runs})")
    print(f"  the same with the policy pack's verdicts:          {checked:.3f} s (median of {args.runs})")
    print(f"plan ratio: {ratio:.2f}x the floor (target <= {PLAN_RATIO_TARGET}x) {verdict(ratio <= PLAN_RATIO_TARGET)}")
    print(
        f"policy check adds: {policy_cost:.3f} s (target <= {POLICY_SECONDS_TARGET:.0f} s) {verdict(policy_cost <= POLICY_SECONDS_TARGET)}"
    )
    ok = ratio <= PLAN_RATIO_TARGET and policy_cost <= POLICY_SECONDS_TARGET
    if args.suite:
        suite = seconds([sys.executable, "-m", "pytest", "-q"], 1)
        print(f"test suite: {suite:.1f} s (target < {SUITE_SECONDS_TARGET:.0f} s) {verdict(suite < SUITE_SECONDS_TARGET)}")
        ok = ok and suite < SUITE_SECONDS_TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
