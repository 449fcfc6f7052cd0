"""The Rasa project itself: its data validates, and the NLU understands messages it never saw."""

from pathlib import Path

import pytest

from backend.learning.retraining import evaluate, rasa, split
from launcher.paths import ROOT
from tests.helpers.basics import run_apart

pytestmark = pytest.mark.assistant
MIN_INTENT_F1 = 0.90  # measured 0.917; `python -m benchmarks.nlu` prints it and the confusions


def test_rasa_data_validates(tmp_path: Path) -> None:
    run_apart(rasa("data", "validate", log=tmp_path / "validate.log"))


def test_intents_on_a_held_out_split(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    async def measure() -> tuple[float, float]:
        held_out = await split(tmp_path)
        figures = await evaluate(ROOT / "config.yml", [held_out / "training_data.yml"], held_out / "test_data.yml",
                                 tmp_path / "run")  # fmt: skip
        return figures.f1, figures.accuracy

    f1, accuracy = run_apart(measure())
    with capsys.disabled():
        print(f"\nNLU on the held-out split: intent F1 {f1:.3f}, accuracy {accuracy:.3f}")
    assert f1 >= MIN_INTENT_F1
