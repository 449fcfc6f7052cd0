"""How well the NLU understands messages it never saw: intent F1 on a held-out split, per pipeline.

    .venv/bin/python -m benchmarks.nlu [config.yml …]

Splits `data/nlu.yml` 80/20 (seed 7), trains each pipeline's NLU on the 80 and tests it on the 20, and prints
the weighted intent F1, the accuracy and the intent pairs most often confused. Without arguments it compares
the assistant's own `config.yml` with the same pipeline on accent-folded Snowball stems (`SpanishTokenizer`).
"""

import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

from backend.stack import RASA, ROOT

SPANISH_TOKENIZER = {"name": "actions.nlu_components.SpanishTokenizer"}


def rasa(*args: str, log: Path) -> None:
    with log.open("a") as output:
        subprocess.run([str(RASA), *args], cwd=ROOT, check=True, stdout=output, stderr=subprocess.STDOUT)


def split(folder: Path) -> Path:
    """The 80/20 split of the training examples (the same on every run)."""
    out = folder / "split"
    rasa("data", "split", "nlu", "--nlu", "data/nlu.yml", "--training-fraction", "0.8", "--random-seed", "7",
         "--out", str(out), log=folder / "rasa.log")  # fmt: skip
    return out


def evaluate(config: Path, data: Path, folder: Path) -> dict:
    """Train `config`'s NLU on the split's training part and test it on the rest."""
    folder.mkdir(parents=True, exist_ok=True)
    model, results = folder / "model", folder / "results"
    log = folder / "rasa.log"
    rasa("train", "nlu", "--config", str(config), "--nlu", str(data / "training_data.yml"), "--out", str(model),
         log=log)  # fmt: skip
    rasa("test", "nlu", "--nlu", str(data / "test_data.yml"), "--model", str(model), "--out", str(results), log=log)
    report = json.loads((results / "intent_report.json").read_text())
    errors = json.loads((results / "intent_errors.json").read_text())
    confused = Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
    return {"f1": report["weighted avg"]["f1-score"], "accuracy": report["accuracy"], "confused": confused}


def with_spanish_stems(config: Path, target: Path) -> Path:
    """`config` with the accent-folding, stemming tokenizer instead of its own."""
    content = yaml.safe_load(config.read_text())
    content["pipeline"] = [SPANISH_TOKENIZER if "Tokenizer" in step["name"] else step for step in content["pipeline"]]
    target.write_text(yaml.safe_dump(content, sort_keys=False))
    return target


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        configs = [Path(arg) for arg in sys.argv[1:]] or [
            ROOT / "config.yml",
            with_spanish_stems(ROOT / "config.yml", folder / "stems.yml"),
        ]
        data = split(folder)
        for index, config in enumerate(configs):
            figures = evaluate(config, data, folder / f"run{index}")
            name = "config.yml" if config == ROOT / "config.yml" else f"{config.name} (Snowball stems)"
            print(f"{name:<40} intent F1 {figures['f1']:.3f}   accuracy {figures['accuracy']:.3f}")
            for (truth, guess), count in figures["confused"].most_common(5):
                print(f"{'':40} {count:>3} × {truth} read as {guess}")


if __name__ == "__main__":
    main()
