"""Checks what a plan declares against published schemas, for any provider.

- `PulumiSchema`: a Pulumi package schema (the real `schema.json` or the sdk-derived files in
  `../shared/schemas/`). `problems(resource)` walks a `PlannedResource`'s inputs against the
  resource's entry: unknown inputs, missing required inputs, primitive types, arrays, maps,
  nested `$ref` object types (their properties and required lists), and, where the schema
  lists them (`x-availableValues`), allowed string values.
- `OpenApiSpec`: an OpenAPI 3.0 document's schemas. `problems(value, schema)` validates a JSON
  value: `$ref`, `allOf`/`oneOf`/`anyOf`, `type`, `nullable`, `enum`, `required` (read-only
  properties excepted: a request never sends them), undeclared properties where a schema
  declares its properties, string, number and array bounds, `pattern` and `format: ipv4`.
  `oneOf` passes when at least one branch does: vendor specs overlap branches freely.
- `PulumiSchema.api_form(resource)` renames a resource's inputs from Pulumi's camelCase to
  the provider's own property names (`x-python` in the sdk-derived files), which for
  Cloudflare are the API's: so a planned resource can be checked against the API spec too.

Every problem is a sentence naming where it is (`rules[0].actionParameters.fromValue`).
"""

from __future__ import annotations

import gzip
import ipaddress
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from infra.plan.model import UNKNOWN_SENTINEL, PlannedResource, revealed

_PRIMITIVES = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer(),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def load_json(path: Path) -> dict[str, Any]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _shown(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."


class PulumiSchema:
    def __init__(self, document: dict[str, Any], check_available_values: bool = True):
        self._resources = document["resources"]
        self._types = document.get("types", {})
        self._check_available_values = check_available_values

    @classmethod
    def load(cls, path: Path, **options: Any) -> PulumiSchema:
        return cls(load_json(path), **options)

    def resource(self, token: str) -> dict[str, Any]:
        if token not in self._resources:
            raise KeyError(f"the schema has no resource {token}")
        return self._resources[token]

    def problems(self, resource: PlannedResource) -> list[str]:
        if resource.type not in self._resources:
            return [f"{resource.type} is not a resource of this schema"]
        entry = self._resources[resource.type]
        inputs = revealed(resource.inputs)
        found = [f"required input '{name}' is missing" for name in entry.get("requiredInputs", []) if name not in inputs]
        for name, value in sorted(inputs.items()):
            spec = entry.get("inputProperties", {}).get(name)
            found += [f"'{name}' is not an input of {resource.type}"] if spec is None else self._value(value, spec, name)
        return found

    def api_form(self, resource: PlannedResource) -> dict[str, Any]:
        """The resource's inputs under the provider's own property names (snake_case for Cloudflare)."""
        entry = self.resource(resource.type)
        return self._renamed(revealed(resource.inputs), entry.get("inputProperties", {}), entry.get("x-python", {}).get("names", {}))

    def _value(self, value: Any, spec: dict[str, Any], path: str) -> list[str]:
        if value == UNKNOWN_SENTINEL or value is None:
            return []
        if "$ref" in spec:
            return self._ref(value, spec["$ref"], path)
        if "oneOf" in spec:
            branches = [self._value(value, branch, path) for branch in spec["oneOf"]]
            return [] if any(not b for b in branches) else [f"{path}: {_shown(value)} matches none of its types"]
        kind = spec.get("type")
        if kind in _PRIMITIVES and not _PRIMITIVES[kind](value):
            return [f"{path}: {_shown(value)} is not of type {kind}"]
        if kind == "array":
            return [p for i, item in enumerate(value) for p in self._value(item, spec.get("items", {}), _join(path, i))]
        if kind == "object":
            items = spec.get("additionalProperties", {})
            return [p for key, item in value.items() for p in self._value(item, items, _join(path, key))]
        allowed = spec.get("x-availableValues") if self._check_available_values else None
        if allowed and value not in allowed:
            return [f"{path}: {_shown(value)} is not one of the provider's values {allowed}"]
        return []

    def _ref(self, value: Any, ref: str, path: str) -> list[str]:
        if ref.startswith("pulumi.json#/"):
            return []
        token = ref.removeprefix("#/types/")
        object_type = self._types.get(token)
        if object_type is None:
            return [f"{path}: refers to {token}, which the schema does not define"]
        if not isinstance(value, dict):
            return [f"{path}: {_shown(value)} is not an object of type {token}"]
        properties = object_type.get("properties", {})
        found = [
            f"{path}: required property '{name}' of {token} is missing" for name in object_type.get("required", []) if name not in value
        ]
        for name, item in sorted(value.items()):
            if name not in properties:
                found.append(f"{path}: '{name}' is not a property of {token}")
            else:
                found += self._value(item, properties[name], _join(path, name))
        return found

    def _renamed(self, value: Any, properties: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
        return {names.get(key, key): self._converted(item, properties.get(key, {})) for key, item in value.items()}

    def _converted(self, value: Any, spec: dict[str, Any]) -> Any:
        ref = spec.get("$ref", "")
        if ref.startswith("#/types/") and isinstance(value, dict):
            object_type = self._types.get(ref.removeprefix("#/types/"), {})
            return self._renamed(value, object_type.get("properties", {}), object_type.get("x-python", {}).get("names", {}))
        if spec.get("type") == "array" and isinstance(value, list):
            return [self._converted(item, spec.get("items", {})) for item in value]
        if spec.get("type") == "object" and isinstance(value, dict):
            return {key: self._converted(item, spec.get("additionalProperties", {})) for key, item in value.items()}
        return value


class OpenApiSpec:
    def __init__(self, document: dict[str, Any]):
        self._document = document
        self._schemas = document.get("components", {}).get("schemas", {})

    @classmethod
    def load(cls, path: Path) -> OpenApiSpec:
        return cls(load_json(path))

    def schema(self, name: str) -> dict[str, Any]:
        if name not in self._schemas:
            raise KeyError(f"the spec has no schema {name}")
        return self._schemas[name]

    def has_schema(self, name: str) -> bool:
        return name in self._schemas

    def request_schema(self, path: str, method: str) -> dict[str, Any]:
        body = self._resolve(self._document["paths"][path][method]["requestBody"])
        return body["content"]["application/json"]["schema"]

    def problems(self, value: Any, schema: dict[str, Any] | str, path: str = "") -> list[str]:
        return self._check(value, self.schema(schema) if isinstance(schema, str) else schema, path or "(value)", None)

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            section, name = schema["$ref"].removeprefix("#/components/").split("/", 1)
            schema = self._document["components"][section][name]
        return schema

    def _check(self, value: Any, schema: dict[str, Any], path: str, declared: set[str] | None) -> list[str]:
        schema = self._resolve(schema)
        if value is None:
            return [] if schema.get("nullable") else [f"{path}: null is not allowed"]
        found: list[str] = []
        discriminator = schema.get("discriminator", {})
        if discriminator.get("mapping") and isinstance(value, dict):
            return self._discriminated(value, discriminator, path, declared)
        if "allOf" in schema:
            names = self._declared(schema) | (declared or set())
            for part in schema["allOf"]:
                found += self._check(value, part, path, names)
        for combinator in ("oneOf", "anyOf"):
            if combinator in schema and all(self._check(value, branch, path, declared) for branch in schema[combinator]):
                found.append(f"{path}: {_shown(value)} matches none of the {len(schema[combinator])} allowed shapes")
        return found + self._own_rules(value, schema, path, declared)

    def _discriminated(self, value: dict[str, Any], discriminator: dict[str, Any], path: str, declared: set[str] | None) -> list[str]:
        """A tagged union (a rule's `action`): check the one shape its tag names, for precise problems."""
        tag, mapping = discriminator["propertyName"], discriminator["mapping"]
        if value.get(tag) not in mapping:
            return [f"{path}.{tag}: {_shown(value.get(tag))} is not one of {sorted(mapping)}"]
        return self._check(value, {"$ref": mapping[value[tag]]}, path, declared)

    def _own_rules(self, value: Any, schema: dict[str, Any], path: str, declared: set[str] | None) -> list[str]:
        kind = schema.get("type")
        if kind in _PRIMITIVES and not _PRIMITIVES[kind](value):
            return [f"{path}: {_shown(value)} is not of type {kind}"]
        if "enum" in schema and value not in schema["enum"]:
            return [f"{path}: {_shown(value)} is not one of {schema['enum']}"]
        if isinstance(value, str):
            return self._string_rules(value, schema, path)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return self._number_rules(value, schema, path)
        if isinstance(value, list):
            too_few = len(value) < schema.get("minItems", 0)
            found = [f"{path}: needs at least {schema['minItems']} item(s)"] if too_few else []
            return found + [p for i, item in enumerate(value) for p in self._check(item, schema.get("items", {}), _join(path, i), None)]
        if isinstance(value, dict):
            return self._object_rules(value, schema, path, declared)
        return []

    def _string_rules(self, value: str, schema: dict[str, Any], path: str) -> list[str]:
        found = []
        if len(value) < schema.get("minLength", 0):
            found.append(f"{path}: {_shown(value)} is shorter than {schema['minLength']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            found.append(f"{path}: {_shown(value)} is longer than {schema['maxLength']}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{path}: {_shown(value)} does not match {schema['pattern']}")
        if schema.get("format") == "ipv4":
            try:
                ipaddress.IPv4Address(value)
            except ValueError:
                found.append(f"{path}: {_shown(value)} is not an IPv4 address")
        return found

    def _number_rules(self, value: float, schema: dict[str, Any], path: str) -> list[str]:
        if "minimum" in schema and value < schema["minimum"]:
            return [f"{path}: {value} is below the minimum {schema['minimum']}"]
        if "maximum" in schema and value > schema["maximum"]:
            return [f"{path}: {value} is above the maximum {schema['maximum']}"]
        return []

    def _object_rules(self, value: dict[str, Any], schema: dict[str, Any], path: str, declared: set[str] | None) -> list[str]:
        properties = schema.get("properties", {})
        found = [
            f"{path}: required property '{name}' is missing"
            for name in schema.get("required", [])
            if name not in value and not self._read_only(properties.get(name, {}))
        ]
        extra = schema.get("additionalProperties")
        allowed = (declared or set()) | set(properties)
        for key, item in value.items():
            if key in properties:
                found += self._check(item, properties[key], _join(path, key), None)
            elif isinstance(extra, dict):
                found += self._check(item, extra, _join(path, key), None)
            elif extra is False or (properties and key not in allowed):
                found.append(f"{path}: '{key}' is not a property the API defines here")
        return found

    def _declared(self, schema: dict[str, Any]) -> set[str]:
        schema = self._resolve(schema)
        names = set(schema.get("properties", {}))
        for part in schema.get("allOf", []):
            names |= self._declared(part)
        return names

    def _read_only(self, schema: dict[str, Any]) -> bool:
        schema = self._resolve(schema)
        return bool(schema.get("readOnly")) or any(self._read_only(part) for part in schema.get("allOf", []))


def all_problems(pairs: Iterable[tuple[str, list[str]]]) -> str:
    """`(urn, problems)` pairs as one readable assertion message."""
    return "\n".join(f"{urn}: {problem}" for urn, problems in pairs for problem in problems)
