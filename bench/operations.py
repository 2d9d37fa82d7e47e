"""`verify` and `rollback` against loopback copies of the platforms, next to their targets.

- verify of the production stack against the loopback site (tests/operations/site.py: real TLS
  with a throwaway CA, real HTTP): median of 5 runs; target <= 5 s. Beside it, the floor measured
  in the same run: one HTTPS request on a fresh connection (connect, handshake, GET).
- rollback end to end (plan, API calls, waiting until live, verify), through the CLI, against the
  fakes (tests/operations/fakes.py) slowed to typical values. These are ASSUMED, not published:
  neither Vercel nor Railway publishes rollback durations. Vercel: 0.3 s per API round trip, 5 s
  until production's domains point at the target (Instant Rollback rebuilds nothing). Railway:
  0.3 s per request, 30 s until the redeployed image passes its health check (no build, one
  deploy). Targets from the status document: frontend < 120 s, backend < 300 s.
Exit 1 when a target is missed.
"""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from infra.operations.cli import main  # noqa: E402
from infra.operations.connect import http_client, trust_context  # noqa: E402
from infra.operations.expectations import expectations_of, load_config  # noqa: E402
from infra.operations.rollback import TARGET_SECONDS  # noqa: E402
from infra.operations.verify import Probe, verify  # noqa: E402
from tests.operations.fakes import TOKEN, Timing, railway_handler, railway_state, serving, vercel_handler, vercel_state  # noqa: E402
from tests.operations.site import TestCA, connect_to_arguments  # noqa: E402
from tests.operations.site import serving as site_serving  # noqa: E402

VERIFY_TARGET_SECONDS = 5.0
RUNS = 5
VERCEL = Timing(latency=0.3, settle=5.0)
RAILWAY = Timing(latency=0.3, settle=30.0)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def bench_verify(ca: TestCA, directory: Path) -> bool:
    expected = expectations_of(load_config("production"))
    with site_serving(expected, ca, directory) as routes:
        probe = Probe(routes, trust_context(str(ca.bundle)), timeout=5)
        checks = verify(expected, probe)
        assert all(c.passed for c in checks), [c for c in checks if not c.passed]
        seconds = statistics.median(timed(lambda: verify(expected, probe)) for _ in range(RUNS))
        url = f"https://{expected.frontend_host}/"

        def one_request() -> None:
            with http_client(routes, probe.trust, 5) as client:
                client.get(url)

        floor = statistics.median(timed(one_request) for _ in range(RUNS))
    ok = seconds <= VERIFY_TARGET_SECONDS
    print(f"verify production, {len(checks)} checks: {seconds:.3f} s (target <= {VERIFY_TARGET_SECONDS:.0f} s) {verdict(ok)}")
    print(f"  floor: one HTTPS request on a fresh connection, {floor * 1000:.1f} ms; verify costs {seconds / floor:.1f} of them")
    return ok


def bench_rollback(ca: TestCA, directory: Path, service: str) -> bool:
    expected = expectations_of(load_config("production"))
    os.environ["VERCEL_TOKEN"] = os.environ["RAILWAY_TOKEN"] = TOKEN
    if service == "frontend":
        fake, option, timing = vercel_handler(vercel_state("myapp-frontend"), VERCEL), "--vercel-api", VERCEL
    else:
        fake, option, timing = (
            railway_handler(railway_state("myapp-backend", "production", "myapp-backend"), RAILWAY),
            "--railway-api",
            RAILWAY,
        )
    with serving(fake) as api, site_serving(expected, ca, directory) as routes:
        arguments = [
            "rollback",
            "production",
            "--service",
            service,
            "--yes",
            option,
            api,
            "--ca-bundle",
            str(ca.bundle),
            *connect_to_arguments(routes),
        ]
        output = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(output):
            code = main(arguments)
        seconds = time.perf_counter() - started
    target = TARGET_SECONDS[service]
    ok = code == 0 and seconds < target
    print(
        f"rollback {service}: {seconds:.1f} s end to end (fake: {timing.latency} s per request, {timing.settle:.0f} s to go live; target < {target:.0f} s) {verdict(ok)}"
    )
    print(f"  floor: the fake's own settle time, {timing.settle:.1f} s; overhead {seconds - timing.settle:.1f} s")
    return ok


def run() -> int:
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        ca = TestCA.create(directory)
        results = [bench_verify(ca, directory), bench_rollback(ca, directory, "frontend"), bench_rollback(ca, directory, "backend")]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(run())
