"""What the opening message asks in passing is answered before the form asks on (actions/asides.py)."""

from typing import Any

from tests.actions.trackers.conftest import form_asking, run, tracker_at


def test_the_price_and_the_zone_of_the_opening_message_are_answered(domain: dict[str, Any]) -> None:
    opener = "hola, quiero internet para mi casa en Queru Queru, cuanto cuesta?"
    started = run(
        form_asking("customer_type", domain),
        tracker_at("starting_sale", opener, "want_to_buy", requested_slot=None),
        domain,
    )
    assert started.responses[:2] == ["utter_price_from", "utter_coverage_in_zone_aside"]
    assert started.messages[0]["price"] == "Bs 149,00" and started.messages[1]["zone"] == "Queru Queru"
    assert started.slots()["customer_type"] == "residential"


def test_an_opening_message_without_a_question_is_left_to_the_form(domain: dict[str, Any]) -> None:
    started = run(
        form_asking("customer_type", domain),
        tracker_at("starting_sale", "quiero contratar internet", "want_to_buy", requested_slot=None),
        domain,
    )
    assert started.responses == []


def test_a_place_we_do_not_serve_named_in_the_opening_message_is_told_at_once(domain: dict[str, Any]) -> None:
    opener = "hola, cuanto cuesta el internet en Sacaba?"
    started = run(
        form_asking("customer_type", domain),
        tracker_at("starting_sale", opener, "want_to_buy", requested_slot=None),
        domain,
    )
    assert started.responses[:2] == ["utter_price_from", "utter_no_coverage_in_place"]
    assert started.slots()["coverage_status"] == "not_covered" and started.slots()["location"] == "Sacaba"
