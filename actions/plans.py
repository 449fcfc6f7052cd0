"""Offering plans: the recommendation card, the catalogue and moving to a cheaper or faster plan."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient, BackendError
from actions.leads import capture_lead
from backend.money import money

logger = logging.getLogger(__name__)

INTROS = {"cheaper": "utter_cheaper_intro", "faster": "utter_faster_intro"}


async def catalogue(backend: BackendClient, dispatcher: CollectingDispatcher) -> list[dict[str, Any]] | None:
    """The active plans, or None after telling the customer of the technical problem."""
    try:
        return await backend.plans()
    except BackendError as error:
        logger.error("Could not read the catalogue: %s", error)
        dispatcher.utter_message(response="utter_technical_problem")
        return None


def neighbour_plan(plans: list[dict[str, Any]], code: str | None, direction: int) -> dict[str, Any] | None:
    """The next plan up (direction 1) or down (-1) in speed from `code`, if there is one."""
    ordered = sorted(plans, key=lambda plan: plan["download_mbps"])
    index = next((i for i, plan in enumerate(ordered) if plan["code"] == code), None)
    if index is None or not 0 <= index + direction < len(ordered):
        return None
    return ordered[index + direction]


def catalogue_text(plans: list[dict[str, Any]]) -> str:
    """One line a plan: name, speeds and monthly price."""
    return "\n".join(
        f"• *{plan['name']}*: {plan['download_mbps']}/{plan['upload_mbps']} Mbps"
        f" — {money(plan['monthly_price_bs'])} al mes"
        for plan in plans
    )


def plan_buttons(plans: list[dict[str, Any]]) -> list[dict[str, str]]:
    """A quick reply a plan, to choose it."""
    return [
        {
            "title": f"{plan['download_mbps']} Mbps · {money(plan['monthly_price_bs'])}",
            "payload": f'/choose_plan{{"plan_code": "{plan["code"]}"}}',
        }
        for plan in plans
    ]


OFFER_BUTTONS = [
    {"title": "¡Lo quiero!", "payload": "/affirm"},
    {"title": "Uno más barato", "payload": "/ask_cheaper"},
    {"title": "Uno más rápido", "payload": "/ask_faster"},
    {"title": "Ver todos los planes", "payload": "/ask_plans"},
    {"title": "No me interesa", "payload": "/deny"},
]


class ActionAskPlanDecision(Action):
    """Offers the recommended (or the newly asked-for) plan, or the whole catalogue to choose from."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_ask_plan_decision"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        try:
            plans = await self.backend.plans()
            code = tracker.get_slot("offered_plan") or await self._recommended(tracker)
        except BackendError as error:
            logger.error("Could not offer a plan: %s", error)
            dispatcher.utter_message(response="utter_technical_problem")
            return []
        plan = next((p for p in plans if p["code"] == code), plans[0])
        view = tracker.get_slot("plan_view")
        if view == "catalogue":
            dispatcher.utter_message(
                response="utter_plan_catalogue",
                plans=catalogue_text(plans),
                installation=money(plan["installation_fee_bs"]),
            )
            dispatcher.utter_message(
                response="utter_ask_plan_choice",
                buttons=plan_buttons(plans) + [{"title": "No me interesa", "payload": "/deny"}],
            )
        else:
            if view in INTROS:
                dispatcher.utter_message(response=INTROS[view])
            dispatcher.utter_message(
                response="utter_plan_offer",
                buttons=OFFER_BUTTONS,
                plan_name=plan["name"],
                download=plan["download_mbps"],
                upload=plan["upload_mbps"],
                price=money(plan["monthly_price_bs"]),
                installation=money(plan["installation_fee_bs"]),
                description=plan["description"],
            )
        tracker.slots["offered_plan"] = plan["code"]
        await capture_lead(self.backend, tracker)
        return [SlotSet("offered_plan", plan["code"]), SlotSet("plan_view", None)]

    async def _recommended(self, tracker: Tracker) -> str:
        recommendation = await self.backend.recommend(
            usage=tracker.get_slot("usage"),
            usage_hours=tracker.get_slot("usage_hours"),
            household_size=int(tracker.get_slot("household_size") or 1),
            wanted_speed_mbps=int(tracker.get_slot("wanted_speed")) if tracker.get_slot("wanted_speed") else None,
        )
        return recommendation["plan"]["code"]


class ActionShowPlans(Action):
    """Answers a question about plans and prices with the catalogue."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_show_plans"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if (plans := await catalogue(self.backend, dispatcher)) is None:
            return []
        dispatcher.utter_message(
            response="utter_plan_catalogue",
            plans=catalogue_text(plans),
            installation=money(plans[0]["installation_fee_bs"]) if plans else money(0),
        )
        return []
