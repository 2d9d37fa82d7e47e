"""Options every component gives its children: adoption of live objects, and protection.

- Adoption: the production and staging objects were clicked together by hand and are live.
  `myapp-infra:adopt` maps a resource's logical name (as the plan shows it) to the id of
  the live object, and the first `pulumi up` imports it instead of creating a duplicate.
- Protection: with `myapp-infra:protect: true` (production), resources that hold traffic
  or data are protected, so no diff can delete or replace them without an explicit unprotect.
"""

from __future__ import annotations

from collections.abc import Mapping

import pulumi


class ChildOptions:
    def __init__(self, import_ids: Mapping[str, str], protect: bool):
        self._import_ids = dict(import_ids)
        self._protect = protect
        self._claimed: set[str] = set()

    def for_child(self, name: str, parent: pulumi.Resource, holds_traffic_or_data: bool = False, **extra) -> pulumi.ResourceOptions:
        import_id = self._import_ids.get(name)
        if import_id is not None:
            self._claimed.add(name)
            extra["import_"] = import_id
        return pulumi.ResourceOptions(parent=parent, protect=self._protect and holds_traffic_or_data, **extra)

    def unclaimed(self) -> list[str]:
        """Adopted names that no declared resource took: a typo, or a resource since removed."""
        return sorted(set(self._import_ids) - self._claimed)
