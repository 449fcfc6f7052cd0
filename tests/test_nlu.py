"""The Rasa project itself: its data validates, and the NLU understands messages it never saw."""

from pathlib import Path

import pytest

from backend.stack import ROOT
from benchmarks.nlu import evaluate, rasa, split

pytestmark = pytest.mark.assistant
MIN_INTENT_F1 = 0.72  # measured 0.74 to 0.78 as the data grows (`python -m benchmarks.nlu`)


def test_rasa_data_validates(tmp_path: Path) -> None:
    rasa("data", "validate", log=tmp_path / "validate.log")


def test_intents_on_a_held_out_split(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figures = evaluate(ROOT / "config.yml", split(tmp_path), tmp_path / "run")
    with capsys.disabled():
        print(f"\nNLU on the held-out split: intent F1 {figures['f1']:.3f}, accuracy {figures['accuracy']:.3f}")
    assert figures["f1"] >= MIN_INTENT_F1
