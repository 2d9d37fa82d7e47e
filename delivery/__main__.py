"""The delivery stack's program; its code lives with the app stacks' in `infra/`."""

import sys
from pathlib import Path

# Pulumi runs this from delivery/: the repository root holds the `infra` package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from infra.delivery import build_delivery

build_delivery()
