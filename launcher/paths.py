"""Where the product's files are, on this machine."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
MODELS = ROOT / "models"
LEARNED_NLU = VAR / "learned-nlu.yml"  # examples supervisors confirmed in the console (`backend.learning`)
