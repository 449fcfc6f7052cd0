"""Training and testing the assistant's NLU with Rasa's own commands, run as child processes.

A retraining is gated on the held-out split of `data/nlu.yml` (80/20, always the same): the NLU trained on
the split's 80 with the examples learned so far (the baseline) and with every confirmed example (the
candidate) are both tested on the 20; a candidate that is not worse is trained into a full model and loaded
by every Rasa replica."""

import asyncio
import json
import logging
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from launcher.paths import RASA, RASA_PYTHON, ROOT

logger = logging.getLogger(__name__)

SPLIT_SEED = "7"
SEEDED = "import sys, numpy; numpy.random.seed({seed}); from rasa.__main__ import main; sys.argv[0] = 'rasa'; main()"
TRAINING_FRACTION = "0.8"


class RetrainingFailed(Exception):
    """A Rasa command failed; the log's tail says why."""


@dataclass
class Figures:
    """How an NLU did on the held-out split."""

    f1: float
    accuracy: float
    confused: Counter = field(default_factory=Counter)  # (intent, read as) → count


async def rasa(*args: str, log: Path, seed: int | None = None) -> None:
    """Run a Rasa command, its output appended to `log`; with `seed`, numpy's global random state is seeded first
    (what Rasa draws its cross-validation folds from)."""
    if not RASA.exists():
        raise RetrainingFailed(f"Rasa is not installed here ({RASA})")
    command = [str(RASA)] if seed is None else [str(RASA_PYTHON), "-c", SEEDED.format(seed=seed)]
    with log.open("ab") as output:
        process = await asyncio.create_subprocess_exec(
            *command, *args, cwd=ROOT, stdout=output, stderr=asyncio.subprocess.STDOUT,
            env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
        )  # fmt: skip
        code = await process.wait()
    if code != 0:
        tail = log.read_bytes()[-600:].decode(errors="replace")
        raise RetrainingFailed(f"rasa {args[0]} {args[1] if len(args) > 1 else ''} failed: …{tail}")


async def split(folder: Path) -> Path:
    """The held-out split of `data/nlu.yml`: `training_data.yml` and `test_data.yml` in the returned folder."""
    out = folder / "split"
    await rasa("data", "split", "nlu", "--nlu", "data/nlu.yml", "--training-fraction", TRAINING_FRACTION,
               "--random-seed", SPLIT_SEED, "--out", str(out), log=folder / "rasa.log")  # fmt: skip
    return out


async def evaluate(config: Path, training: list[Path], test: Path, folder: Path) -> Figures:
    """Train `config`'s NLU on the `training` files and test it on `test`."""
    data, model, results = folder / "data", folder / "model", folder / "results"
    data.mkdir(parents=True, exist_ok=True)
    for index, path in enumerate(training):
        (data / f"{index}-{path.name}").write_bytes(path.read_bytes())
    log = folder / "rasa.log"
    await rasa("train", "nlu", "--config", str(config), "--nlu", str(data), "--out", str(model), log=log)
    await rasa("test", "nlu", "--nlu", str(test), "--model", str(model), "--out", str(results), log=log)
    report = json.loads((results / "intent_report.json").read_text())
    errors = json.loads((results / "intent_errors.json").read_text())
    confused = Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
    return Figures(report["weighted avg"]["f1-score"], report["accuracy"], confused)


def write_examples(path: Path, examples: list[tuple[str, str]]) -> Path:
    """`examples` ((text, intent) pairs) as a Rasa NLU file."""
    by_intent: dict[str, list[str]] = defaultdict(list)
    for text, intent in examples:
        if text not in by_intent[intent]:
            by_intent[intent].append(" ".join(text.split()))
    nlu = [
        {"intent": intent, "examples": "".join(f"- {text}\n" for text in texts)}
        for intent, texts in sorted(by_intent.items())
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": nlu}, allow_unicode=True, sort_keys=False))
    return path


@dataclass
class Outcome:
    loaded: bool
    baseline: Figures
    candidate: Figures
    model_file: Path | None = None


async def retrain(
    *,
    examples: list[tuple[str, str]],
    learned_file: Path,
    models_dir: Path,
    name: str,
    load: Callable[[Path], Awaitable[None]],
) -> Outcome:
    """Learn `examples` if the held-out F1 is not worse with them: the learned file is rewritten, a full model
    trained into `models_dir` as `name` and handed to `load`."""
    with tempfile.TemporaryDirectory(prefix="retraining-") as temporary:
        folder = Path(temporary)
        held_out = await split(folder)
        config = ROOT / "config.yml"
        learned_so_far = [learned_file] if learned_file.exists() else []
        baseline = await evaluate(config, [held_out / "training_data.yml", *learned_so_far],
                                  held_out / "test_data.yml", folder / "baseline")  # fmt: skip
        candidate_file = write_examples(folder / "learned-nlu.yml", examples)
        candidate = await evaluate(config, [held_out / "training_data.yml", candidate_file],
                                   held_out / "test_data.yml", folder / "candidate")  # fmt: skip
        logger.info("Retraining %s: held-out intent F1 %.3f before, %.3f with the examples",
                    name, baseline.f1, candidate.f1)  # fmt: skip
        if candidate.f1 < baseline.f1:
            return Outcome(False, baseline, candidate)
        learned_file.parent.mkdir(parents=True, exist_ok=True)
        learned_file.write_bytes(candidate_file.read_bytes())
        models_dir.mkdir(parents=True, exist_ok=True)
        await rasa("train", "--data", "data", str(learned_file), "--out", str(models_dir), "--fixed-model-name", name,
                   log=folder / "rasa.log")  # fmt: skip
        model_file = models_dir / f"{name}.tar.gz"
        await load(model_file)
        return Outcome(True, baseline, candidate, model_file)
