"""A Pulumi provider for Railway, built on `pulumi.dynamic`: client, errors, documents, resources.

Self-contained (it imports nothing from the rest of `infra/`), so it can be published as the
Railway Pulumi provider the ecosystem lacks. Type tokens: `pulumi-python:dynamic/railway:<Kind>`.
"""

from .client import DEFAULT_ENDPOINT, RailwayClient, RetryPolicy
from .documents import OPERATIONS, Operation
from .errors import (
    RailwayCredentialsError,
    RailwayError,
    RailwayGraphQLError,
    RailwayNotFound,
    RailwayOutcomeUnknown,
    RailwayRequestError,
    RailwayUnavailable,
)
from .resources import (
    CustomDomain,
    CustomDomainProvider,
    Environment,
    EnvironmentProvider,
    Project,
    ProjectProvider,
    Service,
    ServiceDomain,
    ServiceDomainProvider,
    ServiceInstance,
    ServiceInstanceProvider,
    ServiceProvider,
    VariableChanges,
    VariableCollection,
    VariableCollectionProvider,
    variable_changes,
)
from .resources._base import ENDPOINT_ENV, TOKEN_ENV

__all__ = [
    "DEFAULT_ENDPOINT",
    "ENDPOINT_ENV",
    "OPERATIONS",
    "TOKEN_ENV",
    "CustomDomain",
    "CustomDomainProvider",
    "Environment",
    "EnvironmentProvider",
    "Operation",
    "Project",
    "ProjectProvider",
    "RailwayClient",
    "RailwayCredentialsError",
    "RailwayError",
    "RailwayGraphQLError",
    "RailwayNotFound",
    "RailwayOutcomeUnknown",
    "RailwayRequestError",
    "RailwayUnavailable",
    "RetryPolicy",
    "Service",
    "ServiceDomain",
    "ServiceDomainProvider",
    "ServiceInstance",
    "ServiceInstanceProvider",
    "ServiceProvider",
    "VariableChanges",
    "VariableCollection",
    "VariableCollectionProvider",
    "variable_changes",
]
