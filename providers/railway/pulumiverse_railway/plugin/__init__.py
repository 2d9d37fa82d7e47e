"""The Railway provider plugin: client, errors, GraphQL documents, resource specs and handlers, gRPC server.

The SDK (`pulumiverse_railway`) is what a Pulumi program imports; this package is what the engine
runs. It imports nothing from the SDK, and the SDK nothing from it.
"""
