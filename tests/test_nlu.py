"""The Rasa project itself: its data validates, and the NLU understands messages it never saw."""

import json
import subprocess
from pathlib import Path

import pytest

from backend.stack import RASA, ROOT

pytestmark = pytest.mark.assistant
MIN_INTENT_F1 = 0.70


def rasa(*args: str, log: Path) -> None:
    with open(log, "a") as output:
        subprocess.run([str(RASA), *args], cwd=ROOT, check=True, stdout=output, stderr=subprocess.STDOUT)


def test_rasa_data_validates(tmp_path: Path) -> None:
    rasa("data", "validate", log=tmp_path / "validate.log")


def test_intents_on_a_held_out_split(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "nlu.log"
    rasa(
        "data",
        "split",
        "nlu",
        "--nlu",
        "data/nlu.yml",
        "--training-fraction",
        "0.8",
        "--random-seed",
        "7",
        "--out",
        str(tmp_path / "split"),
        log=log,
    )
    rasa(
        "train",
        "nlu",
        "--nlu",
        str(tmp_path / "split" / "training_data.yml"),
        "--out",
        str(tmp_path / "model"),
        log=log,
    )
    rasa(
        "test",
        "nlu",
        "--nlu",
        str(tmp_path / "split" / "test_data.yml"),
        "--model",
        str(tmp_path / "model"),
        "--out",
        str(tmp_path / "results"),
        log=log,
    )
    report = json.loads((tmp_path / "results" / "intent_report.json").read_text())
    weighted = report["weighted avg"]
    with capsys.disabled():
        print(
            f"\nNLU on the held-out split: intent F1 {weighted['f1-score']:.3f}, "
            f"accuracy {report['accuracy']:.3f} over {weighted['support']} messages"
        )
    assert weighted["f1-score"] >= MIN_INTENT_F1
