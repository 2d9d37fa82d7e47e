"""What can stop a policy check before it reaches a verdict. Violations are not errors: they
are the verdict (see `verdict.PolicyVerdict`).

    PolicyCheckError             catch this to handle every failure of the check itself
    ├── PolicyConfigError        a stack's pack config file is unreadable or does not fit the
    │                            policies' schemas; lists every problem, with the fix
    └── PolicyPackError          the pack process did not start, died, or failed an RPC;
                                 carries the tail of the pack's stderr
"""

from __future__ import annotations


class PolicyCheckError(Exception):
    """The policy check could not reach a verdict."""


class PolicyConfigError(PolicyCheckError):
    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = list(problems)
        super().__init__(f"{source}: " + "; ".join(self.problems))


class PolicyPackError(PolicyCheckError):
    def __init__(self, message: str, stderr: str = ""):
        self.stderr = stderr
        super().__init__(message + (f"\n--- policy pack stderr (last lines) ---\n{stderr}" if stderr else ""))
