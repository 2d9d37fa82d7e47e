"""The outcome of a policy check, and how it reads: per stack, per policy pack, per policy,
the way `pulumi preview` prints its "Policies:" section.

    Policies (production):
        ❌ myapp-security@v0.1.0 (local: policies)
            - [mandatory]  hsts-header  (vercel:index/projectRoute:ProjectRoute: myapp-frontend-security-headers)
              Responses carry Strict-Transport-Security with max-age of at least a year and includeSubDomains.
              ProjectRoute "myapp-frontend-security-headers": route.headers["Strict-Transport-Security"] is ...
              urn: urn:pulumi:production::myapp-infra::...
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Violation:
    stack: str
    policy_pack: str
    policy_pack_version: str
    policy: str
    description: str
    message: str  # the pack's text: the policy's description, a newline, then the violation
    enforcement_level: str  # "mandatory", "advisory" (or "remediate", reported as mandatory)
    urn: str

    @property
    def blocking(self) -> bool:
        return self.enforcement_level in ("mandatory", "remediate")

    @property
    def resource(self) -> str:
        """`type: name`, as the CLI names a resource in a violation."""
        parts = self.urn.split("::")
        if len(parts) < 4:
            return self.urn or "(stack)"
        return f"{parts[2].rsplit('$', 1)[-1]}: {parts[3]}"


@dataclass(frozen=True)
class PolicyVerdict:
    """What the pack said about each stack. Mandatory violations fail the check."""

    pack_name: str
    pack_version: str
    pack_dir: Path
    stacks: tuple[str, ...]
    config_files: dict[str, Path | None]
    violations: tuple[Violation, ...]

    @property
    def mandatory(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.blocking)

    @property
    def advisory(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if not v.blocking)

    @property
    def passed(self) -> bool:
        return not self.mandatory

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    def for_stack(self, stack: str) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.stack == stack)

    def render(self) -> str:
        return "\n\n".join([*(self._render_stack(stack) for stack in self.stacks), self._summary()])

    def _render_stack(self, stack: str) -> str:
        found = sorted(self.for_stack(stack), key=lambda v: (not v.blocking, v.policy, v.urn, v.message))
        mark = "✅" if not found else ("❌" if any(v.blocking for v in found) else "⚠️ ")
        config = self.config_files.get(stack)
        config_note = f", config {config.name}" if config else ", no config file: pack defaults"
        lines = [
            f"Policies ({stack}):",
            f"    {mark} {self.pack_name}@v{self.pack_version} (local: {self.pack_dir.name}{config_note})",
        ]
        for violation in found:
            lines.append(f"        - [{violation.enforcement_level}]  {violation.policy}  ({violation.resource})")
            lines += [f"          {line}" for line in violation.message.splitlines()]
            if violation.urn:
                lines.append(f"          urn: {violation.urn}")
        return "\n".join(lines)

    def _summary(self) -> str:
        stacks = ", ".join(self.stacks)
        if not self.violations:
            return f"Policy check of {stacks}: no violations."
        verdict = "FAILED: mandatory violations block `pulumi up`" if self.mandatory else "passed with advisories"
        return f"Policy check of {stacks}: {len(self.mandatory)} mandatory, {len(self.advisory)} advisory violation(s): {verdict}."
