"""myapp-infra: the Pulumi program (config, components, stack wiring), its offline plan and status documents."""
