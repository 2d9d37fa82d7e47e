"""`python -m infra.plan`: see `infra.plan.cli`."""

import sys

from .cli import main

sys.exit(main())
