"""The package stands alone, ready to publish: its own metadata, nothing from the project around it."""

from __future__ import annotations

import ast
import tomllib

import yaml
from plugin_harness import PACKAGE_DIR


def _imports(path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.append(node.module or "")
    return found


def test_the_package_imports_nothing_from_the_project_around_it():
    offending = [
        f"{path.relative_to(PACKAGE_DIR)}: {module}"
        for path in (PACKAGE_DIR / "pulumiverse_railway").rglob("*.py")
        for module in _imports(path)
        if module.split(".")[0] in ("infra", "policies", "tests")
    ]
    assert not offending, f"pulumiverse_railway must stand alone to be publishable; it imports: {offending}"


def test_the_plugin_and_the_sdk_do_not_import_each_other():
    plugin = PACKAGE_DIR / "pulumiverse_railway" / "plugin"
    sdk_files = [p for p in (PACKAGE_DIR / "pulumiverse_railway").glob("*.py")]
    into_sdk = [p.name for p in plugin.rglob("*.py") for m in _imports(p) if m.startswith("pulumiverse_railway.") and ".plugin" not in m]
    into_plugin = [p.name for p in sdk_files for m in _imports(p) if "plugin" in m]
    assert not into_sdk and not into_plugin, (into_sdk, into_plugin)


def test_the_distribution_is_pulumiverse_railway_with_a_version_and_a_licence():
    project = tomllib.loads((PACKAGE_DIR / "pyproject.toml").read_text())["project"]
    assert project["name"] == "pulumiverse-railway" and project["version"] and project["license"]
    assert (PACKAGE_DIR / "LICENSE").is_file() and (PACKAGE_DIR / "README.md").is_file()


def test_the_plugin_folder_tells_the_cli_to_run_it_with_python():
    plugin = yaml.safe_load((PACKAGE_DIR / "PulumiPlugin.yaml").read_text())
    assert plugin["runtime"]["name"] == "python" and (PACKAGE_DIR / "__main__.py").is_file()


def test_the_plugin_folder_runs_as_the_python_language_host_runs_it(tmp_path):
    """`<python> <plugin folder> <engine address>`, from another working directory (the engine's)."""
    import subprocess
    import sys

    from plugin_harness import plugin_env

    process = subprocess.Popen(
        [sys.executable, str(PACKAGE_DIR), "127.0.0.1:1"],
        cwd=tmp_path,
        env=plugin_env(None, None),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        port = process.stdout.readline().decode().strip()
        assert port.isdigit(), (
            f"the plugin folder printed {port!r}, not a port; stderr: {process.stderr.read1(2000) if process.stderr else ''}"
        )
    finally:
        process.terminate()
        process.wait(timeout=5)
