"""The four forms of the sale. Each asks its own questions (`actions/sale/steps.py`) but reads every answer a
message gives to the sale ("para mi casa, soy Ana Rojas, vivo en Cala Cala…"), so the forms after it find them
given and ask only what is missing."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.asides import answer_asides
from actions.asking import counted_misses
from actions.backend_client import BackendClient
from actions.conversation import detail_of, intent_of, is_fresh, text_of
from actions.leads import capture_lead
from actions.readers import READERS
from actions.sale.steps import checkout, contact, coverage, offer, open_in_sale

TAKEN_AHEAD = ("location",)  # kept when given before it is asked, even before the customer type


class SaleForm(FormValidationAction, ABC):
    """One form of the sale: its questions, and the reading of every answer of the sale."""

    FORM: ClassVar[str]

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return f"validate_{self.FORM}"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        return self.steps(tracker)

    @staticmethod
    @abstractmethod
    def steps(tracker: Tracker) -> list[str]:
        """This form's questions still relevant, given the answers so far (a customer type just said counts)."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Answer what the opening message asks in passing (or a voice note: it is read when written), read and
        check the answers, note a wished speed, and keep the lead in the back office current. A form opened after
        the one before only asks its first open question: that one read the message and saved the lead."""
        if opened_now(tracker, self.FORM) and not is_fresh(tracker):  # said, even when none is left: Rasa
            return [SlotSet("requested_slot", self.first_open(tracker))]  # would otherwise read the message again
        if is_fresh(tracker) and intent_of(tracker) == "share_voice_note":
            dispatcher.utter_message(response="utter_voice_note")  # then the open question, asked again
        asides = await answer_asides(self.backend, dispatcher, tracker)
        asides += await self.taken_ahead(dispatcher, tracker)
        tracker.add_slots(asides)
        asked = tracker.get_slot("requested_slot") if is_fresh(tracker) else None
        events = asides + await super().run(dispatcher, tracker, domain)
        events += counted_misses(tracker, asked, events)
        speed = parsing.parse_speed(text_of(tracker)) if is_fresh(tracker) else None
        if speed:
            events.append(SlotSet("wanted_speed", speed))
            tracker.slots["wanted_speed"] = speed
        await capture_lead(self.backend, tracker)
        return events

    def first_open(self, tracker: Tracker) -> str | None:
        """This form's first question not answered yet."""
        return next((slot for slot in self.steps(tracker) if tracker.get_slot(slot) is None), None)

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Every answer the message gives to the sale, also to questions it makes relevant ("para mi casa, soy
        Ana Rojas…")."""
        extracted: dict[str, Any] = {}
        read: set[str] = set()
        while pending := [slot for slot in open_in_sale(tracker) if slot not in read]:
            for slot in pending:
                output = READERS[slot].extract(tracker)
                extracted.update(output)
                tracker.slots.update(output)
                read.add(slot)
        return [SlotSet(slot, value) for slot, value in extracted.items()]

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Each answer read, checked and normalised by its reader; answers to questions the sale no longer asks
        are dropped."""
        relevant = open_in_sale(tracker)
        checked: dict[str, Any] = {}
        for slot, value in tracker.slots_to_validate().items():
            if slot not in relevant:
                continue
            output = await READERS[slot].validate(value, dispatcher, tracker, self.backend)
            checked.update(output)
            tracker.slots.update(output)
        return [SlotSet(slot, value) for slot, value in checked.items()]

    async def taken_ahead(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """An address given before the sale knows it is needed ("zona Sarco, calle Beni 45" while the customer
        type is open): checked and kept at once, never asked again."""
        open_now = open_in_sale(tracker)
        events: list[EventType] = []
        said_type = parsing.parse_customer_type(text_of(tracker))  # then the form opens the address itself
        for slot in TAKEN_AHEAD:  # a message of several answers is read by the form itself, in order
            if slot in open_now or tracker.get_slot(slot) is not None or detail_of(tracker, slot) or said_type:
                continue
            if found := READERS[slot].extract(tracker):
                checked = await READERS[slot].validate(found[slot], dispatcher, tracker, self.backend)
                events += [SlotSet(name, value) for name, value in checked.items()]
        return events


def opened_now(tracker: Tracker, form: str) -> bool:
    """Whether Rasa is opening `form` in this run: it hands back the answers already given, to be checked, after
    a mark of the form's own action."""
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop":
            return event.get("name") == form
        if event.get("event") == "user" or (event.get("event") == "action" and event.get("name") != form):
            return False
    return False


class ValidateContactForm(SaleForm):
    FORM = "contact_form"
    steps = staticmethod(contact)


class ValidateCoverageForm(SaleForm):
    FORM = "coverage_form"
    steps = staticmethod(coverage)


class ValidateOfferForm(SaleForm):
    FORM = "offer_form"
    steps = staticmethod(offer)


class ValidateCheckoutForm(SaleForm):
    FORM = "checkout_form"
    steps = staticmethod(checkout)
