"""The Railway resources: one dynamic provider and one resource class per Railway object."""

from .domains import CustomDomain, CustomDomainProvider, ServiceDomain, ServiceDomainProvider
from .environment import Environment, EnvironmentProvider
from .project import Project, ProjectProvider
from .service import Service, ServiceProvider
from .service_instance import ServiceInstance, ServiceInstanceProvider
from .variables import VariableChanges, VariableCollection, VariableCollectionProvider, variable_changes

__all__ = [
    "CustomDomain",
    "CustomDomainProvider",
    "Environment",
    "EnvironmentProvider",
    "Project",
    "ProjectProvider",
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
