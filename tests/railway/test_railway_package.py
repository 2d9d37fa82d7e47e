"""The Railway package stands alone: its own public surface, nothing imported from the rest of infra/."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import infra.railway
from infra.railway import resources

PACKAGE_DIR = Path(infra.railway.__file__).parent
EXPECTED_TYPE_TOKENS = {
    "Project": "pulumi-python:dynamic/railway:Project",
    "Environment": "pulumi-python:dynamic/railway:Environment",
    "Service": "pulumi-python:dynamic/railway:Service",
    "ServiceInstance": "pulumi-python:dynamic/railway:ServiceInstance",
    "VariableCollection": "pulumi-python:dynamic/railway:VariableCollection",
    "ServiceDomain": "pulumi-python:dynamic/railway:ServiceDomain",
    "CustomDomain": "pulumi-python:dynamic/railway:CustomDomain",
}


def _imports(path: Path) -> list[tuple[str, int]]:
    """(module, level) of every import in a file; level > 0 for relative imports."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(alias.name, 0) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.module or "", node.level))
    return found


def test_the_package_imports_nothing_from_the_rest_of_infra():
    offending = []
    for path in PACKAGE_DIR.rglob("*.py"):
        depth = len(path.relative_to(PACKAGE_DIR).parts) - 1  # how many dots stay inside infra/railway
        for module, level in _imports(path):
            leaves_package = level > depth + 1
            absolute_infra = level == 0 and (module == "infra" or module.startswith("infra.")) and not module.startswith("infra.railway")
            if leaves_package or absolute_infra:
                offending.append(f"{path.relative_to(PACKAGE_DIR)}: {'.' * level}{module}")
    assert not offending, f"infra/railway must stand alone to be publishable; it imports: {offending}"


def test_all_lists_every_public_name_of_the_package_modules():
    public = set()
    for module_info in pkgutil.walk_packages(infra.railway.__path__, "infra.railway."):
        if module_info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        module = importlib.import_module(module_info.name)
        public |= {name for name in getattr(module, "__all__", [])}
    missing = sorted(public - set(infra.railway.__all__))
    assert not missing, f"infra.railway.__all__ misses public names: {missing}"


def test_all_names_only_what_the_package_defines():
    undefined = [name for name in infra.railway.__all__ if not hasattr(infra.railway, name)]
    assert not undefined, f"infra.railway.__all__ names what it does not define: {undefined}"


def test_each_resource_class_has_the_type_token_the_policy_pack_expects():
    tokens = {name: f"pulumi-python:{getattr(resources, name)._resource_type_name}" for name in EXPECTED_TYPE_TOKENS}
    assert tokens == EXPECTED_TYPE_TOKENS
