"""How the sale asks its questions: as written in domain.yml, and never the same way a third time.

A question whose answer was missed twice (`question_misses`, counted by the sale's forms) is asked another way:
with an example, buttons where the answers are few (the zones we serve, for the place), and a person offered.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient, BackendError

logger = logging.getLogger(__name__)

MISSES_BEFORE_ANOTHER_WAY = 2
PERSON_BUTTON = {"title": "🙋 Hablar con una persona", "payload": "/ask_human"}
ZONE_BUTTONS = 9  # with the person, ten: what a WhatsApp list holds
# The questions asked another way after two misses (each has `utter_ask_<slot>_again` in domain.yml).
REASKED = (
    "full_name",
    "phone",
    "email",
    "company_name",
    "usage",
    "usage_hours",
    "household_size",
    "location",
    "address_reference",
    "id_number",
    "payment_method",
)
USAGE_BUTTONS = [
    ("Redes y navegar", "home"),
    ("Series y streaming", "streaming"),
    ("Estudio / clases", "study"),
    ("Juegos en línea", "gaming"),
    ("Teletrabajo", "home_office"),
]
HOURS_BUTTONS = [("Mañana", "morning"), ("Tarde", "afternoon"), ("Noche", "night"), ("Todo el día", "all_day")]
# Buttons whose payload is read as words by the question's own reader.
WORDED_BUTTONS = {
    "household_size": ["1 persona", "2 personas", "3 personas", "4 personas", "5 personas", "6 o más personas"],
    "payment_method": ["Prepago", "Postpago"],
}


def misses_of(tracker: Tracker, slot: str) -> int:
    """How many answers to `slot`'s question were missed so far."""
    return int((tracker.get_slot("question_misses") or {}).get(slot, 0))


def counted_misses(tracker: Tracker, asked: str | None, events: list[EventType]) -> list[EventType]:
    """The event that keeps `question_misses` current once the form read an answer to `asked`: an answer it
    refused counts as a miss, one it kept clears them."""
    read = [event["value"] for event in events if event.get("event") == "slot" and event.get("name") == asked]
    if asked is None or not read:
        return []
    misses: dict[str, Any] = dict(tracker.get_slot("question_misses") or {})
    if read[-1] is not None:
        if asked not in misses:
            return []
        misses.pop(asked)
    else:
        misses[asked] = misses.get(asked, 0) + 1
    tracker.slots["question_misses"] = misses
    return [SlotSet("question_misses", misses)]


async def other_way_buttons(slot: str, backend: BackendClient) -> list[dict[str, str]]:
    """The buttons that answer `slot`'s question in one press, then a person."""
    if slot == "usage":
        buttons = [{"title": title, "payload": f'/inform{{"usage": "{value}"}}'} for title, value in USAGE_BUTTONS]
    elif slot == "usage_hours":
        buttons = [
            {"title": title, "payload": f'/inform{{"usage_hours": "{value}"}}'} for title, value in HOURS_BUTTONS
        ]
    elif slot == "location":
        try:
            zones = await backend.zones()
        except BackendError as error:
            logger.warning("Could not list the zones: %s", error)
            zones = []
        buttons = [{"title": zone["name"], "payload": zone["name"]} for zone in zones[:ZONE_BUTTONS]]
    else:
        buttons = [{"title": title, "payload": title} for title in WORDED_BUTTONS.get(slot, [])]
    return buttons + [PERSON_BUTTON]


# Questions people answer together: asked as one while none of them is known ("para estudiar, en las noches,
# somos 4" is read piece by piece by `parsing.read_details`).
ASKED_TOGETHER = {
    "full_name": ("phone", "email"),
    "usage": ("usage_hours", "household_size"),
    "location": ("address_reference",),
    "id_number": ("payment_method",),
}


def first_way(slot: str, tracker: Tracker) -> str:
    """The response that asks `slot` the first times: with the questions answered together, when all are open."""
    together = ASKED_TOGETHER.get(slot)
    if together and all(tracker.get_slot(other) is None for other in together):
        return f"utter_ask_{slot}_together"
    return f"utter_ask_{slot}"


def ask_action(slot: str) -> type[Action]:
    """The `action_ask_<slot>` the form runs to ask `slot`'s question."""

    def __init__(self: Action) -> None:
        self.backend = BackendClient()

    def name(self: Action) -> str:
        return f"action_ask_{slot}"

    async def run(
        self: Action, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if misses_of(tracker, slot) < MISSES_BEFORE_ANOTHER_WAY:
            dispatcher.utter_message(response=first_way(slot, tracker))
            return []
        buttons = await other_way_buttons(slot, self.backend)
        dispatcher.utter_message(response=f"utter_ask_{slot}_again", buttons=buttons)
        return []

    title = "".join(part.capitalize() for part in slot.split("_"))
    return type(f"ActionAsk{title}", (Action,), {"__init__": __init__, "name": name, "run": run})


ASK_ACTIONS = [ask_action(slot) for slot in REASKED]
