"""How well the NLU understands messages it never saw: intent F1 on a held-out split, per pipeline.

    .venv/bin/python -m benchmarks.nlu [config.yml …]

Splits `data/nlu.yml` 80/20 (the split a retraining is gated on), trains each pipeline's NLU on the 80 and
tests it on the 20, and prints the weighted intent F1, the accuracy and the intent pairs most often confused.
Without arguments it compares the assistant's own `config.yml` with variants of it: on plain whitespace
tokens, on Snowball stems instead of words spelled out (`SpanishTokenizer`: accents, stretched letters and chat
shorthand), and classifying raw counts instead of TF-IDF weights (the pipeline before it was weighted).
"""

import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from backend.learning.retraining import evaluate, split
from launcher.paths import ROOT

Step = dict[str, Any]
UNWEIGHTED = {"tfidf": False, "balanced": False, "C": 3}

VARIANTS: dict[str, dict[str, Step]] = {  # name → {the step it changes: what it becomes}
    "config.yml": {},
    "on plain tokens": {"Tokenizer": {"name": "WhitespaceTokenizer"}},
    "on Snowball stems": {"Tokenizer": {"name": "actions.nlu_components.SpanishTokenizer", "stem": True}},
    "on raw counts": {"IntentClassifier": {"name": "actions.nlu_components.IntentClassifier", **UNWEIGHTED}},
}


def variant(config: Path, changes: dict[str, Step], target: Path) -> Path:
    """`config` with the pipeline steps whose name holds a key of `changes` replaced by its value."""
    content = yaml.safe_load(config.read_text())
    content["pipeline"] = [
        next((new for part, new in changes.items() if part in step["name"]), step) for step in content["pipeline"]
    ]
    target.write_text(yaml.safe_dump(content, sort_keys=False))
    return target


async def compare(configs: dict[str, Path], folder: Path) -> None:
    held_out = await split(folder)
    for index, (name, config) in enumerate(configs.items()):
        figures = await evaluate(config, [held_out / "training_data.yml"], held_out / "test_data.yml",
                                 folder / f"run{index}")  # fmt: skip
        print(f"{name:<45} intent F1 {figures.f1:.3f}   accuracy {figures.accuracy:.3f}", flush=True)
        for (truth, guess), count in figures.confused.most_common(5):
            print(f"{'':45} {count:>3} × {truth} read as {guess}")


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        own = ROOT / "config.yml"
        configs = {arg: Path(arg).resolve() for arg in sys.argv[1:]} or {
            name: variant(own, changes, folder / f"{number}.yml")
            for number, (name, changes) in enumerate(VARIANTS.items())
        }
        asyncio.run(compare(configs, folder))


if __name__ == "__main__":
    main()
