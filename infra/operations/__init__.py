"""Operating a deployed stack: verify it against what it declares, roll a service back.

The status document's "Post-Deployment Validation" and "Rollback Procedures" as commands
(`make verify`, `make rollback`), run by hand and by the deploy workflow.
"""
