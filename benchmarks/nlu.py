"""How well the NLU understands messages it never saw: intent F1 on a held-out split, per pipeline.

    .venv/bin/python -m benchmarks.nlu [config.yml …]
    .venv/bin/python -m benchmarks.nlu --folds 5 [--seed 1]


Splits `data/nlu.yml` 80/20 (the split a retraining is gated on), trains each pipeline's NLU on the 80 and
tests it on the 20, and prints the weighted intent F1, the accuracy and the intent pairs most often confused.
Without arguments it compares the assistant's own `config.yml` with variants of it: on plain whitespace
tokens, on Snowball stems instead of words spelled out (`SpanishTokenizer`: accents, stretched letters and chat
shorthand), and classifying raw counts instead of TF-IDF weights (the pipeline before it was weighted).
`--folds 5` instead cross-validates `config.yml` on the whole of `data/nlu.yml`: every example is held out once.
Rasa draws the folds at random (the F1 moves by about 0.005 from draw to draw); `--seed` draws them the same way
each time, so that two versions of the data or the pipeline are compared on the same folds.
"""

import argparse
import asyncio
import json
import tempfile
from pathlib import Path
from typing import Any

import yaml

from backend.learning.retraining import evaluate, rasa, split
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


async def cross_validate(folds: int, folder: Path, seed: int | None = None) -> None:
    """`config.yml`'s intent F1 over `folds` folds of the whole data, each example held out once (the folds drawn
    from `seed`, when given: Rasa's StratifiedKFold draws from numpy's global random state)."""
    results = folder / "results"
    args = ["test", "nlu", "--nlu", "data/nlu.yml", "--config", "config.yml", "--cross-validation",
            "--folds", str(folds), "--out", str(results)]  # fmt: skip
    await rasa(*args, log=folder / "rasa.log", seed=seed)
    report = json.loads((results / "intent_report.json").read_text())
    print(f"config.yml, {folds}-fold cross-validation: intent F1 {report['weighted avg']['f1-score']:.3f}   "
          f"accuracy {report['accuracy']:.3f}")  # fmt: skip
    worst = sorted((figures["f1-score"], intent) for intent, figures in report.items() if isinstance(figures, dict)
                   and "support" in figures and intent not in ("macro avg", "weighted avg", "micro avg"))  # fmt: skip
    for f1, intent in worst[:8]:
        print(f"{'':45} {intent:<22} F1 {f1:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("configs", nargs="*", help="pipelines to compare on the held-out split")
    parser.add_argument("--folds", type=int, help="cross-validate config.yml on this many folds instead")
    parser.add_argument("--seed", type=int, help="draw the cross-validation's folds from this seed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        if args.folds:
            asyncio.run(cross_validate(args.folds, folder, args.seed))
            return
        own = ROOT / "config.yml"
        configs = {arg: Path(arg).resolve() for arg in args.configs} or {
            name: variant(own, changes, folder / f"{number}.yml")
            for number, (name, changes) in enumerate(VARIANTS.items())
        }
        asyncio.run(compare(configs, folder))


if __name__ == "__main__":
    main()
