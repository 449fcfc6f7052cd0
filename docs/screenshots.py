"""Refresh the README's screenshots: the console's browser tests, writing what they see into docs/.

    .venv/bin/python docs/screenshots.py

The tests themselves keep their screenshots in var/screenshots (untracked).
"""

import os
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent

if __name__ == "__main__":
    env = {**os.environ, "VENTA_SCREENSHOTS_DIR": str(DOCS)}
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", "-q", "tests/backend/console"], cwd=DOCS.parent, env=env))
