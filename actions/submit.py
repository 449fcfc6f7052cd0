"""What happens when the sale's last form is complete: an order, a referral or an unattended request."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient, BackendError
from actions.leads import capture_lead

logger = logging.getLogger(__name__)

# Who the customer is stays known for a next request; everything about this request is cleared.
KEPT_SLOTS = {"full_name", "phone", "email"}
SALE_SLOTS = [
    "customer_type",
    "company_name",
    "usage",
    "usage_hours",
    "household_size",
    "wanted_speed",
    "location",
    "latitude",
    "longitude",
    "coverage_status",
    "coverage_zone",
    "coverage_zone_id",
    "address_reference",
    "notify_on_coverage",
    "offered_plan",
    "plan_view",
    "plan_decision",
    "decline_reason",
    "id_number",
    "payment_method",
    "order_confirmed",
]


def clear_request() -> list[EventType]:
    """Events that clear this request's answers, ready for another one."""
    return [SlotSet(slot, None) for slot in SALE_SLOTS]


class ActionSubmitSale(Action):
    """Registers the outcome of the sale in the back office and tells the customer."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_submit_sale"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        slot = tracker.get_slot
        conversation_id = tracker.sender_id
        try:
            if slot("customer_type") == "business":
                await capture_lead(self.backend, tracker)
                dispatcher.utter_message(response="utter_business_referral")
            elif slot("coverage_status") == "not_covered":
                notify = bool(slot("notify_on_coverage"))
                await self.backend.close_unattended(
                    conversation_id, "no_coverage", f"Sin cobertura en: {slot('location')}", notify
                )
                dispatcher.utter_message(
                    response="utter_no_coverage_will_notify" if notify else "utter_no_coverage_closed"
                )
            elif slot("plan_decision") == "declined":
                await self.backend.close_unattended(conversation_id, "offer_declined", slot("decline_reason"))
                dispatcher.utter_message(response="utter_offer_declined")
            elif slot("order_confirmed"):
                return await self._register_order(dispatcher, tracker)
            else:
                return []
        except BackendError as error:
            logger.error("Could not register the outcome of %s: %s", conversation_id, error)
            dispatcher.utter_message(response="utter_technical_problem")
            return [SlotSet("order_confirmed", None)]
        return clear_request()

    async def _register_order(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        await capture_lead(self.backend, tracker)
        order = await self.backend.create_order(
            {
                "conversation_id": tracker.sender_id,
                "plan_code": tracker.get_slot("offered_plan"),
                "id_number": tracker.get_slot("id_number"),
                "payment_method": tracker.get_slot("payment_method"),
            }
        )
        next_steps = "utter_ask_payment_option" if order["payment_method"] == "prepaid" else "utter_next_steps_postpaid"
        dispatcher.utter_message(response="utter_order_created", order_number=order["number"])
        if order.get("equipment_status") == "out_of_stock":
            restock = order.get("restock_on")
            when = f"Esperamos tenerlos el {restock[8:10]}/{restock[5:7]}" if restock else "Te avisamos apenas lleguen"
            dispatcher.utter_message(response="utter_out_of_stock", when=when)
        elif order.get("equipment_status") == "alternative":
            dispatcher.utter_message(response="utter_alternative_equipment", model=order["equipment_model"])
        if order.get("contract_url"):
            dispatcher.utter_message(response="utter_contract_link", url=order["contract_url"])
        dispatcher.utter_message(response=next_steps)
        return [
            *clear_request(),
            SlotSet("order_number", order["number"]),
            SlotSet("order_payment_method", order["payment_method"]),
        ]
