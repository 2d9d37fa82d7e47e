"""Stack config: parsed once at the entry into frozen, typed models; every error at once."""

from .base import PROJECT_NAMESPACE
from .errors import ConfigError, ConfigProblem
from .loader import load_stack_config
from .pulumi_source import load_from_pulumi
from .secrets import APPLICATION_SECRETS, PROVIDER_SECRETS, SecretSpec, StackSecrets, all_secret_specs
from .stack import StackConfig

__all__ = [
    "APPLICATION_SECRETS",
    "PROJECT_NAMESPACE",
    "PROVIDER_SECRETS",
    "ConfigError",
    "ConfigProblem",
    "SecretSpec",
    "StackConfig",
    "StackSecrets",
    "all_secret_specs",
    "load_from_pulumi",
    "load_stack_config",
]
