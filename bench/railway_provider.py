"""The Railway provider plugin: how fast it starts, and how many requests each operation costs.

Everything goes through the plugin as the engine drives it (its own process, gRPC) against the
loopback fake Railway (providers/railway/tests). Figures and targets (issue 11):
- start to port: the plugin process started until its port is on stdout, median of 7 starts;
  target <= 0.5 s. Shown beside the floor measured in the same run: a Python that only imports
  grpc and the SDK's provider stubs, which no plugin on this SDK can start faster than;
- create the backend set; a no-op refresh: <= 1 request per resource and no drift;
- import the 7 live resources by id alone: <= 7 requests (a service read: 1; the community
  Terraform provider spends 5, or 6 with a repo source);
- one variable changed: 1 write of that variable; a 22-variable set deleted: 1 request.
Exit 1 when a target is missed.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "providers" / "railway" / "tests"))
sys.path.insert(0, str(REPO_ROOT / "providers" / "railway"))

from backend_set import IMPORT_IDS, create_backend_set, make, rewrap  # noqa: E402
from fake_railway import FakeRailway, load_schema  # noqa: E402
from plugin_harness import FakeEngine, PluginProcess, from_struct, plugin_env  # noqa: E402

BENCH_TOKEN = "bench-token-not-a-secret"
STARTS = 7
START_TARGET_SECONDS = 0.5
API_VARIABLE_COUNT = 22  # the API service's variables (backend_variables in infra/components/railway_backend.py)
TERRAFORM_SERVICE_READ = "5-6"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def start_times(engine: FakeEngine, workdir: Path) -> tuple[float, float]:
    """Median seconds from spawn to port, and the median import floor, measured alternately."""
    starts, floors = [], []
    for n in range(STARTS):
        with PluginProcess(engine, plugin_env(None, None), workdir / f"start-{n}.log") as plugin:
            starts.append(plugin.started_in)
        floors.append(_floor_start())
    return statistics.median(starts), statistics.median(floors)


def _floor_start() -> float:
    """Seconds until a Python that imports only grpc and the provider stubs prints a line: measured as the plugin is."""
    began = time.perf_counter()
    floor = subprocess.Popen(
        [sys.executable, "-c", "import grpc, pulumi.runtime.proto.provider_pb2_grpc; print(0, flush=True)"], stdout=subprocess.PIPE
    )
    assert floor.stdout is not None, "stdout is a pipe"
    floor.stdout.readline()
    elapsed = time.perf_counter() - began
    floor.wait()
    return elapsed


def requests(plugin: PluginProcess, fake: FakeRailway) -> list[tuple[str, bool]]:
    per_kind: dict[str, int] = {}
    backend = create_backend_set(plugin, on_created=lambda kind: per_kind.__setitem__(kind, fake.count() - sum(per_kind.values())))
    fake.reset()
    refreshed, drifted = {}, []
    for kind, made in backend.made.items():
        before = fake.count()
        answer = plugin.read(kind, made.id, made.state(), made.inputs)
        refreshed[kind] = fake.count() - before
        outs, inputs = from_struct(answer.properties), from_struct(answer.inputs)
        if plugin.diff(kind, made.id, outs.values, inputs.values, made.inputs).diffs:
            drifted.append(kind)
    fake.reset()
    imported = {}
    for kind, import_id in IMPORT_IDS.items():
        before = fake.count()
        plugin.read(kind, import_id(backend))
        imported[kind] = fake.count() - before
    fake.reset()
    collection = backend["VariableCollection"]
    news = {**collection.inputs, "variables": {**collection.inputs["variables"], "PORT": "3000"}}
    plugin.update("VariableCollection", collection.id, collection.state(), collection.inputs, news)
    writes = fake.sent("VariableCollectionWrite")
    written = sorted(writes[0].variables["input"]["variables"]) if writes else []
    one_change = fake.count()
    big = make(
        plugin,
        "VariableCollection",
        {**collection.inputs, "variables": {f"V{n:02}": str(n) for n in range(API_VARIABLE_COUNT)}, "sealed": []},
    )
    fake.reset()
    plugin.delete("VariableCollection", big.id, rewrap(big.outs))
    deletes = fake.count()

    width = max(map(len, per_kind))
    print(f"{'resource':<{width}}  create  refresh  import")
    for kind in per_kind:
        print(f"{kind:<{width}}  {per_kind[kind]:>6}  {refreshed[kind]:>7}  {imported[kind]:>6}")
    print(f"{'total':<{width}}  {sum(per_kind.values()):>6}  {sum(refreshed.values()):>7}  {sum(imported.values()):>6}")
    return [
        (f"variable set written in {per_kind['VariableCollection']} request(s) (target 1)", per_kind["VariableCollection"] == 1),
        (f"no-op refresh: at most {max(refreshed.values())} request(s) per resource (target <= 1)", max(refreshed.values()) <= 1),
        (f"no-op refresh shows no drift (drifted: {drifted or 'none'})", not drifted),
        (f"import of the {len(imported)} live resources: {sum(imported.values())} requests (target <= 7)", sum(imported.values()) <= 7),
        (f"a service read: {refreshed['Service']} request (Terraform provider: {TERRAFORM_SERVICE_READ})", refreshed["Service"] == 1),
        (
            f"one-variable change: {one_change} request(s), writing {written} (target 1 write of ['PORT'])",
            one_change == 1 and written == ["PORT"],
        ),
        (f"delete of {API_VARIABLE_COUNT} variables: {deletes} request(s) (target 1)", deletes == 1),
    ]


def main() -> int:
    engine = FakeEngine()
    fake = FakeRailway(load_schema(), BENCH_TOKEN).start()
    try:
        with tempfile.TemporaryDirectory() as workdir:
            start, floor = start_times(engine, Path(workdir))
            with PluginProcess(engine, plugin_env(fake.url, BENCH_TOKEN), Path(workdir) / "plugin.log") as plugin:
                plugin.configure()
                checks = requests(plugin, fake)
    finally:
        fake.stop()
        engine.stop()
    checks.insert(
        0,
        (
            f"plugin start to port: {start:.3f} s median of {STARTS} (floor, importing grpc and the stubs: "
            f"{floor:.3f} s, so {start / floor:.2f}x; target <= {START_TARGET_SECONDS} s)",
            start <= START_TARGET_SECONDS,
        ),
    )
    for line, ok in checks:
        print(f"{line} {verdict(ok)}")
    return 0 if all(ok for _line, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
