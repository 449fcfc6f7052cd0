"""What the latest customer message says, read from a Rasa SDK tracker."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker

from actions import parsing
from actions.parsing import CI_CUES, PHONE_CUES

# Intents that interrupt a form with a question or an aside; the form resumes after the answer.
INTERRUPTIONS = {
    "greet",
    "goodbye",
    "thanks",
    "stop",
    "bot_challenge",
    "out_of_scope",
    "ask_offer",
    "ask_plans",
    "ask_installation",
    "ask_payment_methods",
    "ask_requirements",
    "ask_coverage",
    "objection_think",
    "objection_competitor",
    "ask_cheaper",
    "ask_faster",
    "ask_human",
    "resume_sale",
    "ask_payment_status",
}


def intent_of(tracker: Tracker) -> str | None:
    """The intent of the latest customer message."""
    return (tracker.latest_message.get("intent") or {}).get("name")


def text_of(tracker: Tracker) -> str:
    """The text of the latest customer message."""
    return tracker.latest_message.get("text") or ""


def entity_of(tracker: Tracker, name: str) -> Any:
    """The first value of entity `name` in the latest message (button payloads carry them)."""
    return next(tracker.get_latest_entity_values(name), None)


# Intents of things shared rather than said: never the typed answer to a question.
SHARED = {"share_location", "share_contact", "share_document", "share_voice_note"}


def metadata_of(tracker: Tracker) -> dict:
    """What the channel told about the latest customer message (e.g. the customer's phone)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("metadata") or {}
    return {}


# Actions that run between a customer message and the form's handling of it (and the form itself).
_PASSIVE_ACTIONS = {"action_listen", "action_extract_slots", "receipt_form"}


def earlier_texts(tracker: Tracker, limit: int = 5) -> list:
    """What the customer wrote before the latest message, newest first."""
    texts = [event.get("text") or "" for event in reversed(tracker.events) if event.get("event") == "user"]
    return texts[1 : limit + 1]


def is_fresh(tracker: Tracker) -> bool:
    """Whether the form runs on a new customer message (not on its return after an answer)."""
    passive = _PASSIVE_ACTIONS | {tracker.active_loop.get("name")}  # not the form before, which read it
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") not in passive:
            return False
    return False


# How each question's answer is recognised, whatever intent the NLU guessed for it ("Sofia Camacho" is not a
# question about plans, "cuatro" is how many people live there).
ANSWER_READERS = {
    "customer_type": parsing.parse_customer_type,
    "full_name": lambda text: parsing.parse_person_name(text)[0],
    "phone": parsing.find_phone,
    "email": lambda text: "@" in text,
    "usage": parsing.parse_usage,
    "usage_hours": parsing.parse_usage_hours,
    "household_size": parsing.parse_household_size,
    "location": lambda text: len(text.strip()) >= 3,  # a zone or an address: the coverage check reads it
    "address_reference": lambda text: len(text.strip()) >= 4,
    "company_name": lambda text: len(text.strip()) >= 2,
    "id_number": lambda text: parsing.parse_ci(text)[0],
    "payment_method": parsing.parse_payment_method,
}
# Words that are never an answer, whatever else they say: the customer wants to stop or talk to a person.
WANTS_OUT = re.compile(
    r"\b(cancel\w*|olvid\w*|detente|dejal\w*|dejemos|salir|termin\w*|basta|chau|adios|"
    r"ya no|no quiero|no me interesa|asesor\w*|persona|humano|agente|ejecutiv\w*|vendedor\w*|"
    r"alguien|operador\w*|robot|bot)\b"
)


def is_answering(tracker: Tracker, slot: str) -> bool:
    """Whether the latest message answers the question the form asked for `slot`.

    The answer to the question asked is read first: an intent the NLU took for an aside counts only when the
    answer's reader does not recognise the words, or when the customer clearly asks something back.
    """
    if not is_fresh(tracker) or tracker.get_slot("requested_slot") != slot or intent_of(tracker) in SHARED:
        return False
    if intent_of(tracker) not in INTERRUPTIONS:
        return True
    text = text_of(tracker)
    reader = ANSWER_READERS.get(slot)
    return (
        reader is not None
        and not WANTS_OUT.search(parsing.normalize(text))
        and not parsing.is_question(text)
        and bool(reader(text))
    )


def detail_of(tracker: Tracker, slot: str) -> str | None:
    """The piece of the latest message that answers `slot`, when the message gives several answers at once
    ("Soy Ana Rojas, cel 71234567, ana@gmail.com, vivo en …")."""
    return parsing.read_details(text_of(tracker)).get(slot) if is_fresh(tracker) else None


# Words of someone who wants to stop, as opposed to a name the NLU took for it ("Elena Quiroga").
STOP_CUES = re.compile(
    r"\b(cancel\w*|olvid\w*|detente|dej\w*|salir|termin\w*|basta|para|segui\w*|continu\w*|"
    r"quiero|interesa|nomas|mejor|ya|no|chau|adios)\b"
)
NAME_CUES = re.compile(r"\b(me llamo|mi nombre es|mi nombre completo es)\b")
ADDRESS_CUES = re.compile(r"\b(mi direccion es|la direccion es|vivo en|la instalacion es en|instalar en)\s+(.+)")


# Questions whose answers may be digits that read like a phone number.
_NUMERIC_ANSWERS = {"phone", "id_number", "household_size"}


def corrects_phone(tracker: Tracker) -> bool:
    """Whether the latest message is a phone number given while another question was asked ("ay perdón, es
    71 55 44 33" when the e-mail is asked): the customer corrects the number they gave."""
    text = text_of(tracker)
    return (
        is_fresh(tracker)
        and tracker.get_slot("phone") is not None
        and tracker.get_slot("requested_slot") not in _NUMERIC_ANSWERS
        and "@" not in text
        and not CI_CUES.search(parsing.normalize(text))  # "mi carnet es 4567891" reads like a landline
        and parsing.find_phone(text) is not None
    )


def corrects_other_answer(tracker: Tracker) -> bool:
    """Whether the latest message corrects an earlier answer ('no, mi correo es …')."""
    text = text_of(tracker)
    normalized = parsing.normalize(text)
    return bool(
        ("@" in text and parsing.find_email(text))
        or (PHONE_CUES.search(normalized) and parsing.find_phone(text))
        or NAME_CUES.search(normalized)
        or ADDRESS_CUES.search(normalized)
        or (CI_CUES.search(normalized) and re.search(r"\d{5}", text))
    )
