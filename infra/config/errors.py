"""Config problems, collected and reported together.

A user who mistypes three keys should learn about all three from one run, each with the
key, what was wrong and the command that fixes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi


@dataclass(frozen=True)
class ConfigProblem:
    key: str
    problem: str
    fix: str

    def render(self) -> str:
        return f"  - {self.key}: {self.problem}\n      fix: {self.fix}"


class ConfigError(pulumi.RunError):
    """Raised once, before any resource is declared, with every problem of a stack's config.

    A `RunError`, so `pulumi up` prints the message alone, not a traceback."""

    def __init__(self, stack: str, problems: list[ConfigProblem]):
        self.stack = stack
        self.problems = list(problems)
        count = len(self.problems)
        header = f"stack '{stack}' config has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([header, *(p.render() for p in self.problems)]))
