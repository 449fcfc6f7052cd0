"""Rasa's check of the action server's answers, done event by event, accepts and refuses what Rasa's own
`jsonschema.validate` does, and refuses with Rasa's words."""

from datetime import datetime
from typing import Any

import pytest
from actions.rasa_server import _validate_action_result, valid_at_once
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    FollowupAction,
    ReminderCancelled,
    ReminderScheduled,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)

EVENTS = [
    event.as_dict()
    for event in (
        UserUttered("quiero 100 megas", {"name": "inform", "confidence": 0.9}, [{"entity": "speed", "value": 100}]),
        BotUttered("¿En qué ciudad vives?", {"buttons": [{"title": "Cochabamba", "payload": "/inform"}]}),
        SlotSet("city", "Cochabamba"),
        SlotSet("documents", ["ci-front.jpg", "ci-back.jpg"]),
        ActionExecuted("action_listen"),
        ActiveLoop("sale_form"),
        ActiveLoop(None),
        AllSlotsReset(),
        ConversationPaused(),
        ConversationResumed(),
        FollowupAction("utter_greet"),
        ReminderScheduled("EXTERNAL_reminder", datetime(2026, 12, 5, 9, 0), name="recordatorio"),
        ReminderCancelled(name="recordatorio"),
        Restarted(),
        SessionStarted(),
    )
]

BROKEN_EVENTS: list[Any] = [
    {"event": "slot", "name": 7, "value": "Cochabamba"},
    {"event": "slot", "name": "city", "timestamp": "ayer"},
    {"event": "user", "text": 42},
    {"event": "bot", "text": "hola", "metadata": "no es un objeto"},
    {"event": "not-an-event"},
    {"event": 3},
    {"name": "city", "value": "Cochabamba"},
    "slot",
    None,
]

ANSWERS: list[Any] = [
    {"events": EVENTS, "responses": [{"text": "Listo"}]},
    {"events": []},
    {},
    {"responses": [{"response": "utter_greet"}]},
    *({"events": [*EVENTS[:3], broken]} for broken in BROKEN_EVENTS),
    {"events": {"event": "slot"}},
    {"events": EVENTS, "responses": "Listo"},
    {"events": EVENTS, "responses": ["Listo"]},
    [],
    "ok",
]


RASAS_ADVICE = (
    ". Failed to validate Action server response from API, make sure your response from the Action endpoint is valid."
)


def rasa_accepts(answer: Any) -> bool:
    """What Rasa's own check says of `answer`."""
    try:
        validate(answer, RemoteAction.action_response_format_spec())
    except ValidationError:
        return False
    return True


def test_the_events_cover_every_kind_an_action_returns() -> None:
    assert {event["event"] for event in EVENTS} >= {"user", "bot", "slot", "action", "active_loop", "followup"}


@pytest.mark.parametrize("answer", ANSWERS)
def test_each_answer_is_judged_as_rasa_judges_it(answer: Any) -> None:
    assert valid_at_once(answer) is rasa_accepts(answer)


def test_a_valid_answer_passes() -> None:
    assert _validate_action_result(None, {"events": EVENTS, "responses": [{"text": "Listo"}]}) is True


def test_an_invalid_answer_is_refused_with_rasas_words() -> None:
    answer = {"events": [{"event": "slot", "name": 7}]}
    with pytest.raises(ValidationError) as rasas:
        validate(answer, RemoteAction.action_response_format_spec())
    with pytest.raises(ValidationError) as refusal:
        _validate_action_result(None, answer)
    assert refusal.value.message == f"{rasas.value.message}{RASAS_ADVICE}"
