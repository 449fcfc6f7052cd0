"""The retraining duty: runs a queued retraining in the background process holding the duties."""

import logging
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from backend.assistant.rasa import RasaClient
from backend.config import Settings
from backend.database import run_in_transaction
from backend.learning import service
from backend.learning.models import RetrainingStatus
from backend.learning.retraining import RetrainingFailed, retrain
from backend.periodic import Periodic

logger = logging.getLogger(__name__)


class Retrainer(Periodic):
    """Every few seconds: the queued retraining, if any, from start to end (minutes of Rasa training)."""

    name = "retrainer"

    def __init__(self, *, sessions: sessionmaker[Session], settings: Settings, assistant: RasaClient) -> None:
        super().__init__(interval=5.0)
        self._sessions, self._settings, self._assistant = sessions, settings, assistant
        self._abandoned_checked = False

    async def tick(self) -> None:
        if not self._abandoned_checked:  # this process has just taken the duties: nothing of ours is running
            await run_in_transaction(self._sessions, lambda db: service.abandon_unfinished(db=db))
            self._abandoned_checked = True
        claimed = await run_in_transaction(self._sessions, lambda db: service.claim_retraining(db=db))
        if claimed is None:
            return
        retraining_id, examples = claimed
        finish: dict = {}
        try:
            outcome = await retrain(
                examples=examples,
                learned_file=Path(self._settings.LEARNED_NLU_FILE),
                models_dir=Path(self._settings.MODELS_DIR),
                name=f"learned-{retraining_id}",
                load=lambda model: self._assistant.load_model(str(model.resolve())),
            )
            finish = {
                "status": RetrainingStatus.LOADED if outcome.loaded else RetrainingStatus.KEPT,
                "baseline_f1": outcome.baseline.f1,
                "candidate_f1": outcome.candidate.f1,
                "model_file": outcome.model_file,
            }
        except Exception as error:  # noqa: BLE001 — whatever stopped it is told to the supervisor
            logger.exception("Retraining %s failed", retraining_id)
            detail = str(error) if isinstance(error, RetrainingFailed) else f"{type(error).__name__}: {error}"
            finish = {"status": RetrainingStatus.FAILED, "detail": detail[:2000]}
        await run_in_transaction(
            self._sessions, lambda db: service.finish_retraining(db=db, retraining_id=retraining_id, **finish)
        )
