"""The offline policy check: the real policy pack, started and spoken to over gRPC exactly as
the Pulumi engine does during `pulumi preview --policy-pack policies`.

    verdict = check_stacks([plan_stack("production"), plan_stack("staging")])
    sys.exit(verdict.exit_code)   # 1 when any mandatory violation was found

`PolicyPackSession` is the lower level (one started pack, `analyze` per stack), used by the
pack's tests and the benchmark.
"""

from .check import POLICY_PACK_DIR, check_stacks, config_file_for
from .errors import PolicyCheckError, PolicyConfigError, PolicyPackError
from .pack_config import read_config_file, reconcile
from .session import PackInfo, PolicyInfo, PolicyPackSession
from .verdict import PolicyVerdict, Violation

__all__ = [
    "POLICY_PACK_DIR",
    "PackInfo",
    "PolicyCheckError",
    "PolicyConfigError",
    "PolicyInfo",
    "PolicyPackError",
    "PolicyPackSession",
    "PolicyVerdict",
    "Violation",
    "check_stacks",
    "config_file_for",
    "read_config_file",
    "reconcile",
]
