"""The answer to the plan on offer: taken, declined, another plan named, or a cheaper, faster or every plan
asked for (the next offer is then shown by `action_ask_plan_decision`)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.backend_client import BackendClient
from actions.conversation import entity_of, intent_of, is_fresh, text_of
from actions.plans import catalogue, neighbour_plan

SLOT = "plan_decision"
# Intents that are asides while the offer is open: answered by their rules, never the decision.
ASIDES = {
    "greet", "goodbye", "thanks", "stop", "bot_challenge", "out_of_scope", "ask_offer", "ask_installation",
    "ask_payment_methods", "ask_requirements", "ask_coverage", "ask_human",
}  # fmt: skip
TAKING = {"choose_plan", "inform", "affirm", "want_to_buy", "nlu_fallback"}
OBJECTIONS = {"objection_think", "objection_competitor"}


def extract(tracker: Tracker) -> dict[str, Any]:
    asked = is_fresh(tracker) and tracker.get_slot("requested_slot") == SLOT
    return {SLOT: text_of(tracker)} if asked and intent_of(tracker) not in ASIDES else {}


def other_plan(plans: list[dict], offered: str | None, intent: str, dispatcher: CollectingDispatcher) -> dict:
    """The next plan up or down from the one on offer, or the same one again when there is none."""
    direction = 1 if intent == "ask_faster" else -1
    other = neighbour_plan(plans, offered, direction)
    if other is None:
        dispatcher.utter_message(response="utter_no_faster_plan" if direction > 0 else "utter_no_cheaper_plan")
        return {SLOT: None, "plan_view": "same"}
    return {"offered_plan": other["code"], SLOT: None, "plan_view": "faster" if direction > 0 else "cheaper"}


async def validate(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, backend: BackendClient
) -> dict[str, Any]:
    intent, text = intent_of(tracker) or "", str(value or "")
    if (plans := await catalogue(backend, dispatcher)) is None:
        return {SLOT: None}
    chosen = entity_of(tracker, "plan_code") or parsing.match_plan(text, plans)
    if chosen and intent in TAKING:
        return {"offered_plan": chosen, SLOT: "accepted"}
    if intent in ("ask_cheaper", "ask_faster"):
        return other_plan(plans, tracker.get_slot("offered_plan"), intent, dispatcher)
    if intent == "ask_plans":
        return {SLOT: None, "plan_view": "catalogue"}
    if intent in OBJECTIONS:
        dispatcher.utter_message(response=f"utter_{intent}")
        return {SLOT: None, "plan_view": "same"}
    decision = {"affirm": True, "want_to_buy": True, "deny": False}.get(intent)
    if decision is None:
        decision = parsing.parse_yes_no(text)
    if decision is None:
        dispatcher.utter_message(response="utter_invalid_plan_decision")
        return {SLOT: None, "plan_view": "same"}
    return {SLOT: "accepted" if decision else "declined"}
