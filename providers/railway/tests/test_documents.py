"""Every GraphQL document the provider can send is valid against Railway's published schema."""

from __future__ import annotations

import ast

from graphql import parse, validate

from pulumiverse_railway.plugin.documents import DOCUMENTS_DIR, OPERATIONS

PACKAGE_DIR = DOCUMENTS_DIR.parent


def test_every_operation_validates_against_railways_published_schema(railway_schema):
    invalid = {name: [error.message for error in validate(railway_schema, parse(operation.text))] for name, operation in OPERATIONS.items()}
    invalid = {name: errors for name, errors in invalid.items() if errors}
    assert OPERATIONS, f"no operations were loaded from {DOCUMENTS_DIR}"
    assert not invalid, "operations Railway would reject:\n" + "\n".join(
        f"  {name} ({OPERATIONS[name].source_file}): {'; '.join(errors)}" for name, errors in invalid.items()
    )


def test_every_graphql_file_is_loaded_as_operations():
    files = {path.name for path in DOCUMENTS_DIR.glob("*.graphql")}
    loaded = {operation.source_file for operation in OPERATIONS.values()}
    assert files == loaded, f"files with no operation loaded: {sorted(files - loaded)}"


def test_every_operation_is_sent_by_some_provider():
    source = "\n".join(path.read_text() for path in PACKAGE_DIR.rglob("*.py"))
    sent = {node.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    unused = sorted(set(OPERATIONS) - sent)
    assert not unused, f"operations no provider sends (dead documents): {unused}"


# Each of these makes a new object every time it is applied: sent twice, it makes two. Every
# other operation reads, or writes a value that is the same however often it is written.
NEVER_RESENT = {"ProjectCreate", "EnvironmentCreate", "ServiceCreate", "ServiceDomainCreate", "CustomDomainCreate"}


def test_exactly_the_operations_that_make_a_new_object_are_never_resent():
    unsafe = {name for name, operation in OPERATIONS.items() if not operation.idempotent}
    assert unsafe == NEVER_RESENT, (
        f"resent after a timeout or 5xx though each sends makes another object: {sorted(NEVER_RESENT - unsafe)}; "
        f"never resent though harmless to repeat: {sorted(unsafe - NEVER_RESENT)}"
    )
