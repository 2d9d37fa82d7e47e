"""Every GraphQL operation the package sends, loaded from `documents/*.graphql`.

The `.graphql` files are the single source: one file per resource, named operations and shared
fragments. Each operation is sent alone, with just the fragments it spreads. The tests validate
every operation against Railway's published schema, so a typo fails the suite, not a deploy.

An operation is idempotent unless it is a `...Create` mutation: the client retries idempotent
operations after an ambiguous failure (timeout, 5xx) and never resends a create.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    OperationType,
    Visitor,
    parse,
    print_ast,
    visit,
)

DOCUMENTS_DIR = Path(__file__).with_name("documents")


@dataclass(frozen=True)
class Operation:
    name: str
    text: str
    is_mutation: bool
    source_file: str

    @property
    def idempotent(self) -> bool:
        return not (self.is_mutation and self.name.endswith("Create"))


class _Operations(Mapping[str, Operation]):
    """Operations by name; a missing name is a programming error that names the known ones."""

    def __init__(self, operations: dict[str, Operation]):
        self._operations = operations

    def __getitem__(self, name: str) -> Operation:
        try:
            return self._operations[name]
        except KeyError:
            raise KeyError(f"no GraphQL operation {name!r} in {DOCUMENTS_DIR}; known: {sorted(self._operations)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._operations)

    def __len__(self) -> int:
        return len(self._operations)


def load_operations(directory: Path = DOCUMENTS_DIR) -> _Operations:
    operations: dict[str, Operation] = {}
    for path in sorted(directory.glob("*.graphql")):
        for operation in _split(parse(path.read_text(), no_location=True), path.name):
            if operation.name in operations:
                raise ValueError(f"operation {operation.name} is defined twice ({operations[operation.name].source_file}, {path.name})")
            operations[operation.name] = operation
    return _Operations(operations)


def _split(document: DocumentNode, source_file: str) -> Iterator[Operation]:
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if definition.name is None:
            raise ValueError(f"{source_file}: every operation needs a name (Railway's logs and our errors quote it)")
        used = [fragments[name] for name in sorted(_fragments_used(definition, fragments))]
        yield Operation(
            name=definition.name.value,
            text="\n\n".join(print_ast(node) for node in (definition, *used)),
            is_mutation=definition.operation is OperationType.MUTATION,
            source_file=source_file,
        )


def _fragments_used(node, fragments: Mapping[str, FragmentDefinitionNode]) -> set[str]:
    """Names of the fragments `node` spreads, directly or through other fragments."""
    found: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_):
            found.add(spread.name.value)

    visit(node, Spreads())
    for name in list(found):
        found |= _fragments_used(fragments[name], fragments)
    return found


OPERATIONS = load_operations()
