"""A voice note outside the forms, on recorded trackers: the customer is told to write, and the last question is
asked again with its buttons."""

from typing import Any

from actions.voice_notes import ActionAnswerVoiceNote, last_question

from tests.actions.trackers.conftest import run, tracker_at


def test_the_last_question_is_asked_again_with_its_buttons(domain: dict[str, Any]) -> None:
    tracker = tracker_at("starting_sale", "/share_voice_note", "share_voice_note")
    tracker.active_loop = {}  # outside the forms
    asked = last_question(tracker)
    assert asked is not None and asked["data"]["buttons"]
    answered = run(ActionAnswerVoiceNote(), tracker, domain)
    assert answered.responses == ["utter_voice_note"] and answered.events == []
    assert answered.messages[1]["text"] == asked["text"] and answered.buttons() == asked["data"]["buttons"]


def test_nothing_is_asked_again_when_the_last_question_was_answered(domain: dict[str, Any]) -> None:
    answered_before = tracker_at("starting_sale", "para mi casa", "inform_residential")
    tracker = tracker_at("starting_sale", "/share_voice_note", "share_voice_note")
    tracker.events = [*answered_before.events, tracker.events[-1]]
    assert last_question(tracker) is None
    assert run(ActionAnswerVoiceNote(), tracker, domain).responses == ["utter_voice_note"]


def test_within_a_form_only_the_note_is_answered(domain: dict[str, Any]) -> None:
    """The form asks its open question again itself."""
    tracker = tracker_at("starting_sale", "/share_voice_note", "share_voice_note")
    answered = run(ActionAnswerVoiceNote(), tracker, domain)
    assert answered.responses == ["utter_voice_note"] and len(answered.messages) == 1
