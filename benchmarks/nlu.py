"""How well the NLU understands messages it never saw: intent F1 on a held-out split, per pipeline.

    .venv/bin/python -m benchmarks.nlu [config.yml …]

Splits `data/nlu.yml` 80/20 (the split a retraining is gated on), trains each pipeline's NLU on the 80 and
tests it on the 20, and prints the weighted intent F1, the accuracy and the intent pairs most often confused.
Without arguments it compares the assistant's own `config.yml` on plain whitespace tokens, on words spelled
out (`SpanishTokenizer`: accents, stretched letters and chat shorthand) and on their Snowball stems.
"""

import asyncio
import sys
import tempfile
from pathlib import Path

import yaml

from backend.learning.retraining import evaluate, split
from backend.stack import ROOT

TOKENIZERS = {
    "plain tokens": {"name": "WhitespaceTokenizer"},
    "spelled-out words": {"name": "actions.nlu_components.SpanishTokenizer"},
    "spelled-out Snowball stems": {"name": "actions.nlu_components.SpanishTokenizer", "stem": True},
}


def with_tokenizer(config: Path, tokenizer: dict, target: Path) -> Path:
    """`config` with `tokenizer` instead of its own."""
    content = yaml.safe_load(config.read_text())
    content["pipeline"] = [tokenizer if "Tokenizer" in step["name"] else step for step in content["pipeline"]]
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
            f"config.yml on {name}": with_tokenizer(own, tokenizer, folder / f"{index}.yml")
            for index, (name, tokenizer) in enumerate(TOKENIZERS.items())
        }
        asyncio.run(compare(configs, folder))


if __name__ == "__main__":
    main()
