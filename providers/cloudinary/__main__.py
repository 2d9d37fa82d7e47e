"""What the Python language host runs for this plugin folder: `python providers/cloudinary <engine-address>`."""

import sys
from pathlib import Path

# From source, the package sits beside this file; installed, it is on the path already.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from myapp_cloudinary.plugin.server import main

main()
