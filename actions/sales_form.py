"""The sales form: which questions to ask, and how each answer is read and checked."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.asides import answer_asides
from actions.asking import counted_misses
from actions.backend_client import BackendClient, BackendError
from actions.conversation import (
    ADDRESS_CUES,
    NAME_CUES,
    STOP_CUES,
    corrects_other_answer,
    corrects_phone,
    detail_of,
    earlier_texts,
    entity_of,
    intent_of,
    is_answering,
    is_fresh,
    metadata_of,
    text_of,
)
from actions.leads import capture_lead
from actions.parsing import CI_CUES, PHONE_CUES
from actions.plans import neighbour_plan
from backend.money import money

logger = logging.getLogger(__name__)

CONTACT = ["full_name", "phone"]
PROFILE = ["email", "usage", "usage_hours", "household_size", "location"]
CORRECTABLE = {
    "full_name": ["full_name"],
    "phone": ["phone"],
    "email": ["email"],
    "location": [
        "location",
        "address_reference",
        "coverage_status",
        "coverage_zone",
        "coverage_zone_id",
        "latitude",
        "longitude",
    ],
    "id_number": ["id_number"],
    "plan_decision": ["plan_decision", "plan_view"],
    "payment_method": ["payment_method"],
}


TYPE_INTENTS = {"inform_residential": "residential", "inform_business": "business"}


def answer(tracker: Tracker, slot: str) -> dict[str, Any]:
    """The slot's candidate value: its piece of a message that gives several answers at once, or the raw text
    when it answers that slot's question (and does not correct the phone number instead)."""
    if piece := detail_of(tracker, slot):
        return {slot: piece}
    return {slot: text_of(tracker)} if is_answering(tracker, slot) and not corrects_phone(tracker) else {}


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
        kind = tracker.get_slot("customer_type")
        if kind not in (None, "residential", "business"):
            kind = parsing.parse_customer_type(str(kind))
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
        """Answer what the opening message asks in passing, validate the answer, note a wished speed, and keep
        the lead in the back office current."""
        asides = await answer_asides(self.backend, dispatcher, tracker)
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

    # Customer type -----------------------------------------------------------------------------

    def extract_customer_type(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        """Asked, any answer that says home or business; otherwise only the customer's own outright words
        ("es para mi negocio"): a reference such as "frente a la farmacia" never turns a home into a business."""
        if not is_fresh(tracker):
            return {}
        text, current = text_of(tracker), tracker.get_slot("customer_type")
        if entity_of(tracker, "customer_type") is not None:  # a pressed button
            return {"customer_type": text}
        if tracker.get_slot("requested_slot") == "customer_type":
            return answer(tracker, "customer_type")
        stated = parsing.states_customer_type(text)
        if stated is not None and stated != current:
            return {"customer_type": text}
        if current is None and intent_of(tracker) in TYPE_INTENTS and parsing.parse_customer_type(text):
            return {"customer_type": text}
        if current is None:  # said a moment ago, with a question answered first ("…para mi casa, q precios tienen")
            said = next((earlier for earlier in earlier_texts(tracker) if parsing.states_customer_type(earlier)), None)
            return {"customer_type": said} if said else {}
        return {}

    def validate_customer_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        kind = (
            entity_of(tracker, "customer_type")
            or parsing.parse_customer_type(str(value))
            or TYPE_INTENTS.get(intent_of(tracker) or "")
        )
        if kind not in ("residential", "business"):
            dispatcher.utter_message(response="utter_invalid_customer_type")
            return {"customer_type": None}
        return {"customer_type": kind}

    # Contact data ------------------------------------------------------------------------------

    def extract_full_name(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        text = text_of(tracker)
        if piece := detail_of(tracker, "full_name"):
            return {"full_name": piece}
        if is_fresh(tracker) and NAME_CUES.search(parsing.normalize(text)):
            return {"full_name": text}
        asked = is_fresh(tracker) and tracker.get_slot("requested_slot") == "full_name"
        if asked and intent_of(tracker) == "greet":
            return {"full_name": text}
        mistaken_stop = intent_of(tracker) == "stop" and not STOP_CUES.search(parsing.normalize(text))
        if asked and mistaken_stop and parsing.parse_person_name(text)[0]:
            return {"full_name": text}
        return answer(tracker, "full_name")

    def validate_full_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        name, problem = parsing.parse_person_name(str(value or ""))
        if name:
            return {"full_name": name}
        if problem == "surname":
            dispatcher.utter_message(text=f"Gracias, {str(value).strip().capitalize()}. ¿Me dices también tu apellido?")
        else:
            dispatcher.utter_message(response="utter_invalid_full_name")
        return {"full_name": None}

    def extract_phone(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        text = text_of(tracker)
        channel_phone = parsing.find_phone(str(metadata_of(tracker).get("phone") or ""))
        if channel_phone and (intent_of(tracker) == "share_contact" or tracker.get_slot("phone") is None):
            return {"phone": channel_phone}
        if piece := detail_of(tracker, "phone"):
            return {"phone": piece}
        if is_fresh(tracker) and PHONE_CUES.search(parsing.normalize(text)) and parsing.find_phone(text):
            return {"phone": text}
        if corrects_phone(tracker):
            return {"phone": text}
        return answer(tracker, "phone")

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        phone = parsing.find_phone(str(value or ""))
        if phone is None:
            dispatcher.utter_message(response="utter_invalid_phone")
        elif intent_of(tracker) == "share_contact" and is_fresh(tracker):
            dispatcher.utter_message(response="utter_phone_from_contact", phone=phone)
        return {"phone": phone}

    def extract_email(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        text = text_of(tracker)
        if is_fresh(tracker) and "@" in text:
            return {"email": detail_of(tracker, "email") or text}
        return answer(tracker, "email")

    def validate_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        email = parsing.find_email(str(value or ""))
        if email is None:
            dispatcher.utter_message(response="utter_invalid_email", reason=parsing.email_problem(str(value or "")))
        return {"email": email}

    def extract_company_name(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return answer(tracker, "company_name")

    def validate_company_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        name = re.sub(r"^(la empresa es|es|se llama|mi empresa es)\s+", "", str(value or "").strip(), flags=re.I)
        if len(name) < 2:
            dispatcher.utter_message(response="utter_invalid_company_name")
            return {"company_name": None}
        return {"company_name": name[:160]}

    # Qualitative data --------------------------------------------------------------------------

    def extract_usage(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return answer(tracker, "usage")

    def validate_usage(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        usage = entity_of(tracker, "usage") or parsing.parse_usage(str(value or ""))
        if usage is None:
            dispatcher.utter_message(response="utter_invalid_usage")
        return {"usage": usage}

    def extract_usage_hours(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return answer(tracker, "usage_hours")

    def validate_usage_hours(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        hours = entity_of(tracker, "usage_hours") or parsing.parse_usage_hours(str(value or ""))
        if hours is None:
            dispatcher.utter_message(response="utter_invalid_usage_hours")
        return {"usage_hours": hours}

    def extract_household_size(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return answer(tracker, "household_size")

    def validate_household_size(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        size = parsing.parse_household_size(str(value or ""))
        if size is None:
            dispatcher.utter_message(response="utter_invalid_household_size")
        return {"household_size": size}

    # Installation location and coverage -------------------------------------------------------

    def extract_location(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        if not is_fresh(tracker):
            return {}
        if intent_of(tracker) == "share_location":
            return {"location": "Ubicación compartida"}
        if piece := detail_of(tracker, "location"):
            return {"location": piece}
        cue = ADDRESS_CUES.search(parsing.normalize(text_of(tracker)))
        if cue and tracker.get_slot("requested_slot") != "location":
            return {"location": text_of(tracker)}
        if tracker.get_slot("location") is None and parsing.starts_like_address(text_of(tracker)):
            return {"location": text_of(tracker)}  # the address, given before it was asked ("zona Sarco, calle …")
        return answer(tracker, "location")

    async def validate_location(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        latitude, longitude = entity_of(tracker, "latitude"), entity_of(tracker, "longitude")
        pinned = intent_of(tracker) == "share_location" and latitude is not None and longitude is not None
        try:
            if pinned:
                latitude, longitude = float(latitude), float(longitude)
                result = await self.backend.check_coverage(latitude=latitude, longitude=longitude)
                place = f"Ubicación compartida ({latitude:.5f}, {longitude:.5f})"
            else:
                latitude = longitude = None
                place = re.sub(
                    r"^(mi direcci[oó]n es|la direcci[oó]n es|vivo en|es en)\s+",
                    "",
                    str(value or "").strip(),
                    flags=re.I,
                )
                result = await self.backend.check_coverage(text=place)
                whole = text_of(tracker).strip()
                if result["status"] == "unknown" and whole and whole != place:  # the zone may be in another piece
                    result = await self.backend.check_coverage(text=whole)
                    place = whole if result["status"] != "unknown" else place
        except BackendError as error:
            logger.error("Coverage check failed: %s", error)
            dispatcher.utter_message(response="utter_technical_problem")
            return {"location": None}
        if result["status"] == "unknown":
            dispatcher.utter_message(response="utter_coverage_unknown")
            return {"location": None}
        zone = result.get("zone") or {}
        covered = result["status"] == "covered"
        if covered:
            dispatcher.utter_message(response="utter_coverage_ok", zone=zone.get("name"))
        elif result.get("place"):
            dispatcher.utter_message(response="utter_no_coverage_at_place", place=result["place"])
        else:
            dispatcher.utter_message(response="utter_no_coverage")
        return {
            "location": place,
            "latitude": latitude,
            "longitude": longitude,
            "coverage_status": result["status"],
            "coverage_zone": zone.get("name"),
            "coverage_zone_id": zone.get("id"),
            "address_reference": None,
            "notify_on_coverage": None,
        }

    def extract_address_reference(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return answer(tracker, "address_reference")

    def validate_address_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        reference = str(value or "").strip()
        if len(reference) < 4 or parsing.parse_yes_no(reference) is not None:
            dispatcher.utter_message(response="utter_invalid_address_reference")
            return {"address_reference": None}
        return {"address_reference": reference[:500]}

    def extract_notify_on_coverage(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        return answer(tracker, "notify_on_coverage")

    def validate_notify_on_coverage(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        return {"notify_on_coverage": self._yes_no(value, dispatcher, tracker)}

    # Plan --------------------------------------------------------------------------------------

    def extract_plan_decision(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        if (
            is_fresh(tracker)
            and tracker.get_slot("requested_slot") == "plan_decision"
            and intent_of(tracker)
            not in (
                "greet",
                "goodbye",
                "thanks",
                "stop",
                "bot_challenge",
                "out_of_scope",
                "ask_offer",
                "ask_installation",
                "ask_payment_methods",
                "ask_requirements",
                "ask_coverage",
                "ask_human",
            )
        ):
            return {"plan_decision": text_of(tracker)}
        return {}

    async def validate_plan_decision(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        intent, text = intent_of(tracker), str(value or "")
        try:
            plans = await self.backend.plans()
        except BackendError as error:
            logger.error("Could not read the catalogue: %s", error)
            dispatcher.utter_message(response="utter_technical_problem")
            return {"plan_decision": None}
        offered = tracker.get_slot("offered_plan")
        chosen = entity_of(tracker, "plan_code") or parsing.match_plan(text, plans)
        if chosen and intent in ("choose_plan", "inform", "affirm", "want_to_buy", "nlu_fallback"):
            return {"offered_plan": chosen, "plan_decision": "accepted"}
        if intent in ("ask_cheaper", "ask_faster"):
            direction = 1 if intent == "ask_faster" else -1
            other = neighbour_plan(plans, offered, direction)
            if other is None:
                dispatcher.utter_message(response="utter_no_faster_plan" if direction > 0 else "utter_no_cheaper_plan")
                return {"plan_decision": None, "plan_view": "same"}
            return {
                "offered_plan": other["code"],
                "plan_decision": None,
                "plan_view": "faster" if direction > 0 else "cheaper",
            }
        if intent == "ask_plans":
            return {"plan_decision": None, "plan_view": "catalogue"}
        if intent in ("objection_think", "objection_competitor"):
            dispatcher.utter_message(response=f"utter_{intent}")
            return {"plan_decision": None, "plan_view": "same"}
        decision = {"affirm": True, "want_to_buy": True, "deny": False}.get(intent or "")
        if decision is None:
            decision = parsing.parse_yes_no(text)
        if decision is None:
            dispatcher.utter_message(response="utter_invalid_plan_decision")
            return {"plan_decision": None, "plan_view": "same"}
        return {"plan_decision": "accepted" if decision else "declined"}

    def extract_decline_reason(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        if is_fresh(tracker) and tracker.get_slot("requested_slot") == "decline_reason":
            return {"decline_reason": entity_of(tracker, "decline_reason") or text_of(tracker)}
        return {}

    def validate_decline_reason(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        return {"decline_reason": str(value or "Sin motivo")[:1000]}

    # Requirements, payment and confirmation ----------------------------------------------------

    def extract_id_number(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        text = text_of(tracker)
        if is_fresh(tracker) and CI_CUES.search(parsing.normalize(text)) and re.search(r"\d{5}", text):
            return {"id_number": text}
        return answer(tracker, "id_number")

    async def validate_id_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        ci, problem = parsing.parse_ci(str(value or ""))
        if ci is None:
            dispatcher.utter_message(response="utter_invalid_id_number", reason=problem)
            return {"id_number": None}
        return {"id_number": ci, **await self._with_standing(ci, dispatcher, tracker)}

    async def _with_standing(self, ci: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict:
        """A CI with unpaid debt may only buy prepaid: say so kindly, with the amount, and choose prepaid."""
        try:
            try:
                standing = await self.backend.standing(tracker.sender_id, ci)
            except BackendError as error:
                if error.status != 404:
                    raise
                await capture_lead(self.backend, tracker)  # no lead yet to record it on
                standing = await self.backend.standing(tracker.sender_id, ci)
        except BackendError as error:  # the sale goes on; billing checks the debt when the sale is handed over
            logger.warning("Could not check the standing of %s: %s", tracker.sender_id, error)
            return {}
        if not standing["prepaid_only"]:
            return {}
        since = standing.get("debt_since")
        dispatcher.utter_message(
            response="utter_debt_prepaid_only",
            amount=money(standing["debt_bs"]),
            since=f" desde el {since[8:10]}/{since[5:7]}/{since[:4]}" if since else "",
        )
        return {"payment_method": "prepaid"}

    def extract_payment_method(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return answer(tracker, "payment_method")

    def validate_payment_method(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        method = entity_of(tracker, "payment_method") or parsing.parse_payment_method(str(value or ""))
        if method is None:
            dispatcher.utter_message(response="utter_invalid_payment_method")
        return {"payment_method": method}

    def extract_order_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        if is_fresh(tracker) and tracker.get_slot("requested_slot") == "order_confirmed":
            return {"order_confirmed": text_of(tracker)}
        return {}

    def validate_order_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        if not isinstance(value, str):
            return {"order_confirmed": value}
        field = entity_of(tracker, "field")
        if intent_of(tracker) == "correct" and field in CORRECTABLE:
            return {"order_confirmed": None, **dict.fromkeys(CORRECTABLE[field])}
        if corrects_other_answer(tracker):
            return {"order_confirmed": None}
        confirmed = self._yes_no(value, dispatcher, tracker)
        # A "no" is answered by action_ask_order_confirmed with the menu of what to correct.
        return {"order_confirmed": confirmed or None}

    # Helpers -----------------------------------------------------------------------------------

    @staticmethod
    def _yes_no(value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool | None:
        decision = {"affirm": True, "deny": False}.get(intent_of(tracker) or "")
        if decision is None:
            decision = parsing.parse_yes_no(str(value or ""))
        if decision is None:
            dispatcher.utter_message(response="utter_invalid_yes_no")
        return decision
