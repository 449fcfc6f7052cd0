"""Questions about the offer answered from the catalogue at any point (actions/offer_questions.py)."""

from typing import Any

import pytest
from actions.offer_questions import ActionAnswerOfferQuestion

from tests.actions.trackers.conftest import run, tracker_at

QUESTIONS = [
    ("una pregunta, hay un tiempo mínimo de contrato?", "ask_offer", "utter_minimum_term"),
    ("cuánto tiempo me amarran con el contrato?", "ask_offer", "utter_minimum_term"),
    ("cuánto cobran por la instalación?", "ask_installation", "utter_installation_info"),
    ("el router es gratis?", "ask_offer", "utter_router_info"),
    ("que velocidad de subida tiene?", "ask_offer", "utter_catalogue_speeds"),
    ("qué necesito para contratar?", "ask_requirements", "utter_requirements"),
    ("se paga por adelantado?", "ask_payment_methods", "utter_payment_info"),
    ("qué ofrecen?", "ask_offer", "utter_offer"),
]


@pytest.mark.parametrize(("text", "intent", "response"), QUESTIONS)
def test_each_question_gets_the_answer_of_its_topic(domain: dict[str, Any], text: str, intent: str, response: str):
    answered = run(ActionAnswerOfferQuestion(), tracker_at("asking_location", text, intent), domain)
    assert answered.responses == [response]
    assert answered.events == []  # the form's question stays open


def test_the_minimum_term_is_the_catalogues(domain: dict[str, Any]) -> None:
    answered = run(ActionAnswerOfferQuestion(), tracker_at("asking_location", "hay permanencia?", "ask_offer"), domain)
    assert answered.messages[0]["months"] == 12 and answered.messages[0]["plan"] == " de todos nuestros planes"


def test_the_plan_on_offer_is_the_one_answered_for(domain: dict[str, Any]) -> None:
    tracker = tracker_at("asking_location", "y cuanto es la velocidad?", "ask_offer", offered_plan="FIBRA_80")
    answered = run(ActionAnswerOfferQuestion(), tracker, domain)
    assert answered.responses == ["utter_plan_speed"]
    assert answered.messages[0]["plan"] == "Fibra Hogar 80" and answered.messages[0]["download"] == 80


def test_the_installation_fee_is_written_as_money(domain: dict[str, Any]) -> None:
    tracker = tracker_at("asking_location", "cuanto cuesta instalar?", "ask_installation")
    assert run(ActionAnswerOfferQuestion(), tracker, domain).messages[0]["installation"] == "Bs 150,00"
