"""After a question answered outside the sale, the offer to help buy: a yes starts the sale (data/rules.yml).
Within a form nothing is added: the form asks its own question again."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


class ActionOfferHelp(Action):
    def name(self) -> str:
        return "action_offer_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if not tracker.active_loop.get("name"):
            dispatcher.utter_message(response="utter_offer_help")
        return []
