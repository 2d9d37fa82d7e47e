"""`python -m pulumiverse_railway.plugin <engine-address>`: serve the provider as the engine expects."""

from .server import main

main()
