"""The sale's forms on recorded trackers: each question's reader, which questions each form still asks, and a
form opened after the one before."""

import asyncio
from typing import Any

import pytest
from actions.sale.forms import SaleForm
from rasa_sdk.executor import CollectingDispatcher

from tests.actions.trackers.conftest import form_asking, run, tracker_at

# (question asked, what the customer wrote, the intent the NLU gave it, slots changed by it, the values read)
READS = [
    ("customer_type", "es para mi casa", "inform_residential", {}, {"customer_type": "residential"}),
    ("full_name", "Dra. Silvia Montaño", "inform", {}, {"full_name": "Silvia Montaño"}),
    ("full_name", "Elena Quiroga", "stop", {}, {"full_name": "Elena Quiroga"}),
    ("phone", "mi cel es 71234567", "inform", {}, {"phone": "+59171234567"}),
    ("email", "ana.rojas@gmail.com", "inform", {}, {"email": "ana.rojas@gmail.com"}),
    ("usage", "los chicos hacen tareas y yo veo netflix", "inform", {}, {"usage": "study"}),
    ("usage_hours", "desde que llegan del colegio hasta la medianoche", "inform", {}, {"usage_hours": "night"}),
    ("household_size", "mi esposa, mis dos hijos y yo", "inform", {}, {"household_size": 4}),
    ("household_size", "somos una familia de cinco", "inform", {}, {"household_size": 5}),
    ("location", "Cala Cala, calle Los Ceibos 221", "inform", {}, {"coverage_zone": "Cala Cala"}),
    ("location", "kaye los molles 12, keru keru", "inform", {}, {"coverage_zone": "Queru Queru"}),
    ("address_reference", "casa amarilla frente a la plaza", "inform", {}, {"address_reference":
                                                                         "casa amarilla frente a la plaza"}),
    ("plan_decision", "lo quiero", "affirm", {"offered_plan": "FIBRA_80"}, {"plan_decision": "accepted"}),
    ("plan_decision", "no gracias", "deny", {"offered_plan": "FIBRA_80"}, {"plan_decision": "declined"}),
    ("plan_decision", "uno más barato", "ask_cheaper", {"offered_plan": "FIBRA_80"}, {"offered_plan": "FIBRA_40"}),
    ("decline_reason", "está caro", "inform", {"plan_decision": "declined"}, {"decline_reason": "está caro"}),
    ("id_number", "4567891 cb", "inform", {"plan_decision": "accepted"}, {"id_number": "4567891 CB"}),
    ("payment_method", "postpago", "inform", {"plan_decision": "accepted"}, {"payment_method": "postpaid"}),
]  # fmt: skip


@pytest.mark.parametrize(("asked", "text", "intent", "before", "read"), READS)
def test_each_question_reads_its_answer(
    domain: dict[str, Any], asked: str, text: str, intent: str, before: dict, read: dict
) -> None:
    tracker = tracker_at("asking_location", text, intent, requested_slot=asked, **{asked: None, **before})
    slots = run(form_asking(asked, domain), tracker, domain).slots()
    assert {name: slots.get(name) for name in read} == read


def test_several_answers_in_one_message_fill_their_questions(domain: dict[str, Any]) -> None:
    text = "Soy Ana Rojas, cel 71234567, ana@gmail.com"
    tracker = tracker_at("asking_location", text, "inform", requested_slot="full_name", full_name=None, phone=None,
                         email=None)  # fmt: skip
    slots = run(form_asking("full_name", domain), tracker, domain).slots()
    assert (slots["full_name"], slots["phone"], slots["email"]) == ("Ana Rojas", "+59171234567", "ana@gmail.com")


def test_an_answer_not_understood_is_asked_again_and_marked(domain: dict[str, Any]) -> None:
    tracker = tracker_at("asking_location", "no sé", "inform", requested_slot="phone", phone=None)
    refused = run(form_asking("phone", domain), tracker, domain)
    assert refused.slots()["phone"] is None and refused.responses == ["utter_invalid_phone"]
    assert domain["responses"]["utter_invalid_phone"][0]["custom"] == {"fallback": True}


def test_a_question_asked_back_is_no_answer(domain: dict[str, Any]) -> None:
    tracker = tracker_at("asking_location", "hay un tiempo mínimo de contrato?", "ask_offer")
    assert "location" not in run(form_asking("location", domain), tracker, domain).slots()


FLOWS = [
    ({"customer_type": None}, "customer_type", ["customer_type"]),
    ({"customer_type": "business"}, "customer_type", ["customer_type", "full_name", "phone", "company_name"]),
    ({"coverage_status": "not_covered"}, "location", ["notify_on_coverage"]),
    ({"plan_decision": "declined"}, "plan_decision", ["decline_reason"]),
    ({"plan_decision": "accepted"}, "id_number", ["id_number", "payment_method", "order_confirmed"]),
]


@pytest.mark.parametrize(("slots", "form_of", "ends_with"), FLOWS)
def test_the_flow_asks_what_its_branch_needs(
    domain: dict[str, Any], slots: dict, form_of: str, ends_with: list
) -> None:
    form = form_asking(form_of, domain)
    tracker = tracker_at("asking_location", **slots)
    required = asyncio.run(form.required_slots(form.domain_slots(domain), CollectingDispatcher(), tracker, domain))
    assert required[-len(ends_with) :] == ends_with


# (answers so far, the forms that then ask nothing: the sale goes through them to its end)
ENDINGS = [
    ({"customer_type": "business"}, {"coverage_form", "offer_form", "checkout_form"}),
    ({"coverage_status": "not_covered"}, {"offer_form", "checkout_form"}),
    ({"plan_decision": "declined"}, {"checkout_form"}),
]


@pytest.mark.parametrize(("slots", "silent"), ENDINGS)
def test_the_forms_a_branch_skips_ask_nothing(domain: dict[str, Any], slots: dict, silent: set) -> None:
    tracker = tracker_at("asking_location", **slots)
    asking = {form.FORM for form in SaleForm.__subclasses__() if form.steps(tracker)}
    assert asking.isdisjoint(silent) and asking


def test_a_form_opened_after_the_one_before_only_asks_its_first_question(domain: dict[str, Any]) -> None:
    """Rasa hands the answers already given back to a form it opens; the form before read them (and the
    message), so nothing is checked again and nothing is said."""
    tracker = tracker_at("asking_location", "Av. América 123, Queru Queru", "inform", requested_slot=None, usage=None)
    tracker.events += [
        {"event": "action", "name": "contact_form"},
        {"event": "active_loop", "name": "coverage_form"},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "action", "name": "coverage_form"},
        {"event": "slot", "name": "location", "value": tracker.get_slot("location")},
    ]
    opened = run(form_asking("usage", domain), tracker, domain)
    assert opened.events == [{"event": "slot", "timestamp": None, "name": "requested_slot", "value": "usage"}]
    assert opened.messages == []


def test_a_form_opened_with_every_answer_given_says_it_has_none_to_ask(domain: dict[str, Any]) -> None:
    tracker = tracker_at("asking_location", "lo quiero, CI 4567891 CB, prepago", "inform", plan_decision="accepted",
                         id_number="4567891 CB", payment_method="prepaid", order_confirmed=True)  # fmt: skip
    tracker.events += [
        {"event": "action", "name": "offer_form"},
        {"event": "active_loop", "name": "checkout_form"},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "action", "name": "checkout_form"},
        {"event": "slot", "name": "payment_method", "value": "prepaid"},
    ]
    opened = run(form_asking("id_number", domain), tracker, domain)
    assert opened.events == [{"event": "slot", "timestamp": None, "name": "requested_slot", "value": None}]


def test_an_address_given_before_the_customer_type_is_kept(domain: dict[str, Any]) -> None:
    tracker = tracker_at("starting_sale", "zona sarco, calle Beni 45", "inform", requested_slot="customer_type")
    slots = run(form_asking("customer_type", domain), tracker, domain).slots()
    assert slots["coverage_zone"] == "Sarco" and slots["location"] == "zona sarco, calle Beni 45"


def test_an_address_said_with_the_customer_type_is_checked_once(domain: dict[str, Any]) -> None:
    tracker = tracker_at(
        "starting_sale", "vivo en Cala Cala, es para mi casa", "inform", requested_slot="customer_type"
    )
    checked = run(form_asking("customer_type", domain), tracker, domain)
    assert checked.responses.count("utter_coverage_ok") == 1 and checked.slots()["coverage_zone"] == "Cala Cala"


def test_a_voice_note_is_answered_and_read_as_no_answer(domain: dict[str, Any]) -> None:
    tracker = tracker_at("asking_location", "/share_voice_note", "share_voice_note", requested_slot="full_name",
                         full_name=None)  # fmt: skip
    heard = run(form_asking("full_name", domain), tracker, domain)
    assert heard.responses == ["utter_voice_note"] and "full_name" not in heard.slots()
