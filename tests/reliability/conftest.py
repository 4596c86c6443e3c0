import sys
from pathlib import Path

# The reliability scripts import each other as top-level modules, as they do
# when run from the Makefile (python reliability/soak.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "reliability"))
