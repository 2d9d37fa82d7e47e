"""Serves the myapp security policy pack over gRPC until stopped (the engine, or the offline
check in infra/plan/analyzer, starts it as `python -u -m pulumi.policy <engine> .` here).

Every policy is mandatory unless a stack's pack config says otherwise (policies/config/).
"""

from pulumi_policy import EnforcementLevel, PolicyPack

from myapp_policies import PACK_NAME, POLICIES

PolicyPack(
    name=PACK_NAME,
    policies=POLICIES,
    enforcement_level=EnforcementLevel.MANDATORY,
    description="Security headers, TLS, DNS proxying, CORS, secret handling and protection for myapp's stacks.",
)
