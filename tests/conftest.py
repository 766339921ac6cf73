from __future__ import annotations

import sys
from pathlib import Path

# Make the helpers importable as a plain module from the tests folder.
sys.path.insert(0, str(Path(__file__).parent))
