"""Paying a prepaid order in the chat: transfer with its receipt, or the online payment link."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.backend_client import BackendClient, BackendError
from actions.conversation import INTERRUPTIONS, SHARED, entity_of, intent_of, is_fresh, text_of
from backend.money import money

logger = logging.getLogger(__name__)

# Said while the receipt is asked for: answered by their own rules, then the form asks again.
ASIDES = INTERRUPTIONS | {"ask_payment_status", "choose_payment_option"}
DEPOSIT_CUES = ("deposito", "transaccion", "operacion", "comprobante", "numero", "nro", "n°")


def start_receipt_form(receipt: str | None = None) -> list[EventType]:
    """Ask for whatever of the receipt and its deposit number is still missing."""
    return [SlotSet("receipt_document", receipt), SlotSet("deposit_number", None), FollowupAction("receipt_form")]


def say_status(dispatcher: CollectingDispatcher, view: dict[str, Any]) -> None:
    """Tell the customer where their payment stands, with what to do next."""
    state = view.get("state")
    amount, order = money(view["amount_bs"]), view["order_number"]
    if state is None:
        dispatcher.utter_message(response="utter_payment_not_started", order_number=order, amount=amount)
    elif state == "awaiting_online" and view.get("expired"):
        dispatcher.utter_message(response="utter_payment_status_link_expired")
    elif state == "awaiting_online":
        dispatcher.utter_message(
            response="utter_payment_status_awaiting_online", url=view["checkout_url"], amount=amount
        )
    elif state == "awaiting_receipt":
        bank = view["bank"]
        dispatcher.utter_message(
            response="utter_payment_status_awaiting_receipt",
            amount=amount,
            bank=bank["bank"],
            account=bank["account_number"],
            holder=bank["holder"],
        )
    elif state == "in_review":
        dispatcher.utter_message(response="utter_payment_status_in_review", deposit_number=view["deposit_number"])
    elif state == "confirmed":
        dispatcher.utter_message(
            response="utter_payment_status_confirmed",
            amount=amount,
            order_number=order,
            invoice=view.get("invoice") or "",
        )
    elif state == "rejected":
        dispatcher.utter_message(response="utter_payment_status_rejected", reason=view.get("reason") or "")
    else:
        dispatcher.utter_message(response="utter_payment_status_declined")


class ActionStartPayment(Action):
    """Gives the account details (and asks for the receipt) or the payment link, as the customer chose."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_start_payment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        option = entity_of(tracker, "payment_option") or parsing.parse_payment_option(text_of(tracker))
        if option not in ("transfer", "online"):
            dispatcher.utter_message(response="utter_ask_payment_option")
            return []
        try:
            view = await self.backend.choose_payment(tracker.sender_id, option)
        except BackendError as error:
            return await self._refused(dispatcher, tracker, error)
        amount = money(view["amount_bs"])
        if option == "online":
            dispatcher.utter_message(response="utter_online_payment_link", url=view["checkout_url"], amount=amount)
            return []
        bank = view["bank"]
        dispatcher.utter_message(
            response="utter_transfer_instructions",
            amount=amount,
            bank=bank["bank"],
            account=bank["account_number"],
            holder=bank["holder"],
            order_number=view["order_number"],
        )
        return start_receipt_form()

    async def _refused(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, error: BackendError
    ) -> list[EventType]:
        if error.status == 404:
            dispatcher.utter_message(response="utter_no_payment_due")
        elif error.status == 409:  # already paid, or a receipt under review: say how it stands
            try:
                say_status(dispatcher, await self.backend.payment(tracker.sender_id))
            except BackendError:
                dispatcher.utter_message(response="utter_technical_problem")
        else:
            logger.error("Could not start the payment of %s: %s", tracker.sender_id, error)
            dispatcher.utter_message(response="utter_technical_problem")
        return []


class ActionReceiveDocument(Action):
    """A file sent outside a form: the receipt of a transfer waiting for one, or just kept for the team. Within the
    sale it is kept for the team, and the form asks its question again."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_receive_document"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.active_loop.get("name"):
            dispatcher.utter_message(response="utter_document_received")
            return []
        try:
            await self.backend.attach_receipt(tracker.sender_id)
        except BackendError as error:
            if error.status == 409:
                dispatcher.utter_message(response="utter_receipt_already_in_review")
            elif error.status == 404:
                dispatcher.utter_message(response="utter_document_received")
                dispatcher.utter_message(response="utter_offer_help")
            else:
                logger.error("Could not take the receipt of %s: %s", tracker.sender_id, error)
                dispatcher.utter_message(response="utter_technical_problem")
            return []
        dispatcher.utter_message(response="utter_receipt_received")
        return start_receipt_form(receipt="attached")


class ValidateReceiptForm(FormValidationAction):
    """Collects the receipt (photo or PDF) and the deposit number, in whichever order they come."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "validate_receipt_form"

    def extract_receipt_document(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        if not is_fresh(tracker) or tracker.get_slot("receipt_document"):
            return {}
        if intent_of(tracker) == "share_document":
            return {"receipt_document": "shared"}
        if tracker.get_slot("requested_slot") == "receipt_document" and intent_of(tracker) not in ASIDES | SHARED:
            return {"receipt_document": text_of(tracker)}
        return {}

    async def validate_receipt_document(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        if value is None:  # cleared when the form starts: nothing was said yet
            return {"receipt_document": None}
        if intent_of(tracker) != "share_document":
            if not parsing.find_deposit_number(text_of(tracker)):
                dispatcher.utter_message(response="utter_invalid_receipt_document")
            return {"receipt_document": None}
        try:
            await self.backend.attach_receipt(tracker.sender_id)
        except BackendError as error:
            logger.error("Could not take the receipt of %s: %s", tracker.sender_id, error)
            dispatcher.utter_message(response="utter_technical_problem")
            return {"receipt_document": None}
        dispatcher.utter_message(response="utter_receipt_received")
        return {"receipt_document": "attached"}

    def extract_deposit_number(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        if not is_fresh(tracker) or intent_of(tracker) in SHARED or intent_of(tracker) in ASIDES:
            return {}
        text = text_of(tracker)
        if tracker.get_slot("requested_slot") == "deposit_number" or deposit_number_given(tracker):
            return {"deposit_number": text}
        return {}

    def validate_deposit_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict:
        if value is None:  # cleared when the form starts: nothing was said yet
            return {"deposit_number": None}
        number = parsing.find_deposit_number(str(value))
        if number is None:
            dispatcher.utter_message(response="utter_invalid_deposit_number")
        return {"deposit_number": number}


class ActionSubmitReceipt(Action):
    """Sends the receipt and its number to collections and says what happens next."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_submit_receipt"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        number = tracker.get_slot("deposit_number")
        done = [SlotSet("receipt_document", None), SlotSet("deposit_number", None)]
        if not number or not tracker.get_slot("receipt_document"):
            return done
        try:
            view = await self.backend.submit_receipt(tracker.sender_id, number)
        except BackendError as error:
            logger.error("Could not send the receipt of %s to collections: %s", tracker.sender_id, error)
            dispatcher.utter_message(response="utter_technical_problem")
            return done
        dispatcher.utter_message(
            response="utter_receipt_submitted",
            deposit_number=number,
            amount=money(view["amount_bs"]),
            order_number=view["order_number"],
        )
        return done


def deposit_number_given(tracker: Tracker) -> str | None:
    """The deposit number a message states ("el nro de depósito es 11223344"), whatever its intent; not a
    number the customer asks about."""
    text = text_of(tracker)
    cued = any(cue in parsing.normalize(text) for cue in DEPOSIT_CUES) or text.strip().isdigit()
    return parsing.find_deposit_number(text) if cued and not parsing.is_question(text) else None


class ActionPaymentStatus(Action):
    """Answers "¿ya confirmaron mi pago?" with the real state."""

    def __init__(self) -> None:
        self.backend = BackendClient()

    def name(self) -> str:
        return "action_payment_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.active_loop_name == "receipt_form" and tracker.get_slot("receipt_document"):
            number = deposit_number_given(tracker)
            if number:  # read as a question, but it answers the receipt form: the form goes on with it
                return [SlotSet("deposit_number", number)]
        try:
            say_status(dispatcher, await self.backend.payment(tracker.sender_id))
        except BackendError as error:
            if error.status == 404 and tracker.get_slot("order_payment_method") == "postpaid":
                dispatcher.utter_message(
                    response="utter_postpaid_nothing_due", order_number=tracker.get_slot("order_number")
                )
            elif error.status == 404:
                dispatcher.utter_message(response="utter_no_payment_due")
            else:
                logger.error("Could not read the payment of %s: %s", tracker.sender_id, error)
                dispatcher.utter_message(response="utter_technical_problem")
        return []
