"""Counts the GraphQL requests the Railway provider sends, against its targets, in one run.

Runs the providers' create/read/update against the loopback fake Railway (tests/railway) and
counts requests for: (a) creating the backend set (project, environment, service, instance
settings, variables, service domain, custom domain); (b) a no-op refresh, reading each one;
(c) changing one variable; (d) deleting a variable set the size of the API's (22 variables).
Targets: creating the variable set = 1 request; a no-op refresh <= 1 request per resource and
shows no drift; a one-variable change = 1 write; deleting the set = 1 request, leaving no
variable behind. Exit 1 if missed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from infra.railway.resources._base import ENDPOINT_ENV, TOKEN_ENV  # noqa: E402
from tests.railway.backend_set import BackendSet, create_backend_set  # noqa: E402
from tests.railway.fake_railway import FakeRailway, load_schema  # noqa: E402

BENCH_TOKEN = "bench-token-not-a-secret"
# How many variables the API service runs with (backend_variables in infra/components/railway_backend.py).
API_VARIABLE_COUNT = 22


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def create(fake: FakeRailway) -> tuple[BackendSet, dict[str, int]]:
    per_kind: dict[str, int] = {}

    def counted(kind: str) -> None:
        per_kind[kind] = fake.count() - sum(per_kind.values())

    return create_backend_set(on_created=counted), per_kind


def refresh(fake: FakeRailway, backend: BackendSet) -> tuple[dict[str, int], list[str]]:
    per_kind, drifted = {}, []
    for kind, made in backend.made.items():
        before = fake.count()
        read = made.provider.read(made.id, made.outs)
        per_kind[kind] = fake.count() - before
        if made.provider.changed_fields(read.outs, made.inputs):
            drifted.append(kind)
    return per_kind, drifted


def change_one_variable(fake: FakeRailway, backend: BackendSet) -> tuple[int, int, list[str]]:
    made = backend["VariableCollection"]
    news = {**made.inputs, "variables": {**made.inputs["variables"], "PORT": "3000"}}
    before = fake.count()
    made.provider.update(made.id, made.outs, news)
    sent = fake.requests[before:]
    writes = [r for r in sent if r.operation == "VariableCollectionUpsert"]
    names = sorted(writes[0].variables["input"]["variables"]) if writes else []
    return len(sent), len(writes), names


def delete_variable_set(fake: FakeRailway, backend: BackendSet) -> tuple[int, int, int]:
    """Requests to delete a collection of API_VARIABLE_COUNT variables, its size, and how many variables remain."""
    made = backend["VariableCollection"]
    variables = {f"VARIABLE_{n:02}": str(n) for n in range(API_VARIABLE_COUNT)}
    grown = made.provider.update(made.id, made.outs, {**made.inputs, "variables": variables}).outs
    before = fake.count()
    made.provider.delete(made.id, grown)
    left = fake.state.variables.get((made.inputs["environmentId"], made.inputs["serviceId"]), {})
    return fake.count() - before, len(variables), len(left)


def main() -> int:
    fake = FakeRailway(load_schema(), BENCH_TOKEN).start()
    os.environ[ENDPOINT_ENV], os.environ[TOKEN_ENV] = fake.url, BENCH_TOKEN
    try:
        backend, created = create(fake)
        fake.reset()
        refreshed, drifted = refresh(fake, backend)
        fake.reset()
        requests, writes, names = change_one_variable(fake, backend)
        fake.reset()
        deletes, size, left = delete_variable_set(fake, backend)
    finally:
        fake.stop()

    width = max(map(len, created))
    print(f"{'resource':<{width}}  create  refresh")
    for kind in created:
        print(f"{kind:<{width}}  {created[kind]:>6}  {refreshed[kind]:>7}")
    print(f"{'total':<{width}}  {sum(created.values()):>6}  {sum(refreshed.values()):>7}")

    checks = [
        (f"variable set written in {created['VariableCollection']} request(s) (target 1)", created["VariableCollection"] == 1),
        (f"no-op refresh: at most {max(refreshed.values())} request(s) per resource (target <= 1)", max(refreshed.values()) <= 1),
        (f"no-op refresh shows no drift (drifted: {drifted or 'none'})", not drifted),
        (f"one-variable change: {requests} request(s), {writes} write(s) of {names} (target 1 write of ['PORT'])",
         requests == writes == 1 and names == ["PORT"]),
        (f"delete: a set of {size} variables deleted in {deletes} request(s), {left} left (target 1, none left)",
         deletes == 1 and left == 0),
    ]
    for line, ok in checks:
        print(f"{line} {verdict(ok)}")
    return 0 if all(ok for _line, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
