"""The first question of a sale, which a customer who already has a request hears differently: they are told their
request stands, and asked whether they want another service, before any «¿hogar o empresa?»."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher


class ActionAskCustomerType(Action):
    """Asks whether the service is for a home or a company (the sale's first question)."""

    def name(self) -> str:
        return "action_ask_customer_type"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        order_number = tracker.get_slot("order_number")
        if order_number:
            dispatcher.utter_message(response="utter_customer_type_after_request", order_number=order_number)
        else:
            dispatcher.utter_message(response="utter_customer_type_question")
        return []
