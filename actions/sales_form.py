"""The sales form: which questions are still open. How each answer is read and checked is its reader's
(`actions/readers/`)."""

from __future__ import annotations

from typing import Any

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
from actions.readers.customer_type import kind_of

CONTACT = ["full_name", "phone"]
PROFILE = ["email", "usage", "usage_hours", "household_size", "location"]
TAKEN_AHEAD = ("location",)  # kept when given before it is asked, even before the customer type


class ValidateSalesForm(FormValidationAction):
    """Runs the residential sale (or the business referral) one answer at a time."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "validate_sales_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """The questions still relevant, given the answers so far (a customer type just said counts)."""
        kind = kind_of(tracker)
        if kind is None:
            return ["customer_type"]
        if kind == "business":
            return ["customer_type", *CONTACT, "company_name"]
        steps = ["customer_type", *CONTACT, *PROFILE]
        if tracker.get_slot("coverage_status") == "not_covered":
            return steps + ["notify_on_coverage"]
        steps += ["address_reference", "plan_decision"]
        if tracker.get_slot("plan_decision") == "declined":
            return steps + ["decline_reason"]
        return steps + ["id_number", "payment_method", "order_confirmed"]

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Every answer the message gives, also to questions it makes relevant ("para mi casa, soy Ana Rojas…")."""
        extracted: dict[str, Any] = {}
        asked: set = set()
        while pending := [
            slot
            for slot in await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
            if slot not in asked
        ]:
            for slot in pending:
                output = await self._extract_slot(slot, dispatcher, tracker, domain)
                extracted.update(output)
                tracker.slots.update(output)
                asked.add(slot)
        return [SlotSet(slot, value) for slot, value in extracted.items()]

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Answer what the opening message asks in passing (or a voice note: it is read when written), validate
        the answer, note a wished speed, and keep the lead in the back office current."""
        if is_fresh(tracker) and intent_of(tracker) == "share_voice_note":
            dispatcher.utter_message(response="utter_voice_note")  # then the open question, asked again
        asides = await answer_asides(self.backend, dispatcher, tracker)
        asides += await self.taken_ahead(dispatcher, tracker, domain)
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

    async def taken_ahead(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """An address given before the sale knows it is needed ("zona Sarco, calle Beni 45" while the customer
        type is open): checked and kept at once, never asked again."""
        open_now = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        events: list[EventType] = []
        said_type = parsing.parse_customer_type(text_of(tracker))  # then the form opens the address itself
        for slot in TAKEN_AHEAD:  # a message of several answers is read by the form itself, in order
            if slot in open_now or tracker.get_slot(slot) is not None or detail_of(tracker, slot) or said_type:
                continue
            if found := READERS[slot].extract(tracker):
                checked = await READERS[slot].validate(found[slot], dispatcher, tracker, self.backend)
                events += [SlotSet(name, value) for name, value in checked.items()]
        return events

    # Readers ------------------------------------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        """`extract_<slot>` and `validate_<slot>`, as rasa-sdk looks them up: the slot's reader."""
        kind, _, slot = name.partition("_")
        reader = READERS.get(slot)
        if reader is None or kind not in ("extract", "validate"):
            raise AttributeError(name)
        if kind == "extract":
            return lambda _dispatcher, tracker, _domain: reader.extract(tracker)
        return lambda value, dispatcher, tracker, _domain: reader.validate(value, dispatcher, tracker, self.backend)
