"""The Railway resources: one `ResourceSpec` and one handler per Railway object, by type token."""

from ..handler import ResourceHandler
from .domains import CustomDomainHandler, ServiceDomainHandler
from .environment import EnvironmentHandler
from .project import ProjectHandler
from .service import ServiceHandler
from .service_instance import ServiceInstanceHandler
from .variables import VariableChanges, VariableCollectionHandler, variable_changes

HANDLERS: dict[str, ResourceHandler] = {
    handler.spec.token: handler
    for handler in (
        ProjectHandler(),
        EnvironmentHandler(),
        ServiceHandler(),
        ServiceInstanceHandler(),
        VariableCollectionHandler(),
        ServiceDomainHandler(),
        CustomDomainHandler(),
    )
}

__all__ = ["HANDLERS", "VariableChanges", "variable_changes"]
