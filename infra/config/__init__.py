"""Stack config: parsed once at the entry into frozen, typed models; every error at once."""

from .base import PROJECT_NAMESPACE
from .errors import ConfigError, ConfigProblem
from .loader import load_stack_config
from .platform import Platform, declared_platforms
from .pulumi_source import load_from_pulumi
from .secrets import APPLICATION_SECRETS, SecretSpec, StackSecrets, all_secret_specs, provider_secrets
from .stack import StackConfig

__all__ = [
    "APPLICATION_SECRETS",
    "PROJECT_NAMESPACE",
    "ConfigError",
    "ConfigProblem",
    "Platform",
    "SecretSpec",
    "StackConfig",
    "StackSecrets",
    "all_secret_specs",
    "declared_platforms",
    "load_from_pulumi",
    "load_stack_config",
    "provider_secrets",
]
