"""The summary the customer confirms before the request is registered."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient, BackendError
from actions.conversation import corrects_other_answer, intent_of
from actions.parsing import parse_yes_no
from backend.money import money

logger = logging.getLogger(__name__)

PAYMENT_LABELS = {"prepaid": "Prepago", "postpaid": "Postpago"}
PAYMENT_TERMS = {
    "prepaid": "la instalación y el primer mes se pagan por adelantado y el servicio se activa al confirmar el pago",
    "postpaid": "pagas cada mes con tu factura, después de usar el servicio",
}


class ActionAskOrderConfirmed(Action):
    """Shows the summary to confirm, or after a "no" the menu of what to correct."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_ask_order_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        said_no = intent_of(tracker) == "deny" or parse_yes_no(tracker.latest_message.get("text") or "") is False
        if said_no and tracker.get_slot("requested_slot") == "order_confirmed" and not corrects_other_answer(tracker):
            dispatcher.utter_message(response="utter_ask_what_to_correct")
            return []
        plan_text, minimum_term = tracker.get_slot("offered_plan") or "", 12
        try:
            plans = {plan["code"]: plan for plan in await self.backend.plans()}
            plan = plans[tracker.get_slot("offered_plan")]
            plan_text = (
                f"{plan['name']} — {money(plan['monthly_price_bs'])} al mes "
                f"(instalación {money(plan['installation_fee_bs'])})"
            )
            minimum_term = plan["minimum_term_months"]
        except (BackendError, KeyError) as error:
            logger.error("Could not describe the plan: %s", error)
        dispatcher.utter_message(
            response="utter_summary",
            full_name=tracker.get_slot("full_name"),
            id_number=tracker.get_slot("id_number"),
            phone=tracker.get_slot("phone"),
            email=tracker.get_slot("email"),
            address=tracker.get_slot("location"),
            zone=tracker.get_slot("coverage_zone"),
            reference=tracker.get_slot("address_reference"),
            plan=plan_text,
            payment=PAYMENT_LABELS.get(tracker.get_slot("payment_method"), "-"),
            minimum_term=minimum_term,
            payment_terms=PAYMENT_TERMS.get(tracker.get_slot("payment_method"), ""),
        )
        return []
