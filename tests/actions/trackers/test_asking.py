"""A question is never asked the same way a third time (actions/asking.py, counted by the sale's forms)."""

from typing import Any

import pytest
from actions.asking import PERSON_BUTTON, REASKED, ask_action

from tests.actions.trackers.conftest import form_asking, run, tracker_at


def test_a_refused_answer_counts_a_miss_and_a_kept_one_clears_them(domain: dict[str, Any]) -> None:
    missed = run(form_asking("location", domain), tracker_at("asking_location", "la casa de mi tía"), domain)
    assert missed.slots()["question_misses"] == {"location": 1}
    assert "utter_coverage_unknown" in missed.responses

    kept = run(
        form_asking("location", domain),
        tracker_at("asking_location", "Av. América 123, Queru Queru", question_misses={"location": 2}),
        domain,
    )
    assert kept.slots()["question_misses"] == {}
    assert kept.slots()["coverage_status"] == "covered"


def test_a_question_missed_once_is_asked_as_written(domain: dict[str, Any]) -> None:
    asked = run(ask_action("location")(), tracker_at("asking_location", question_misses={"location": 1}), domain)
    assert asked.responses == ["utter_ask_location_together"]  # with the reference, as it is first asked
    assert asked.buttons() == []


def test_the_place_missed_twice_is_asked_with_the_zones_and_a_person(domain: dict[str, Any]) -> None:
    asked = run(ask_action("location")(), tracker_at("asking_location", question_misses={"location": 2}), domain)
    assert asked.responses == ["utter_ask_location_again"]
    zones = [button["title"] for button in asked.buttons()[:-1]]
    assert "Queru Queru" in zones and "Cala Cala" in zones
    assert all(button["payload"] == button["title"] for button in asked.buttons()[:-1])
    assert asked.buttons()[-1] == PERSON_BUTTON


def test_the_hours_missed_twice_are_asked_with_buttons_that_answer_them(domain: dict[str, Any]) -> None:
    asked = run(ask_action("usage_hours")(), tracker_at("asking_location", question_misses={"usage_hours": 2}), domain)
    assert asked.responses == ["utter_ask_usage_hours_again"]
    assert [b["payload"] for b in asked.buttons()][:2] == ['/inform{"usage_hours": "morning"}',
                                                        '/inform{"usage_hours": "afternoon"}']  # fmt: skip
    assert asked.buttons()[-1] == PERSON_BUTTON


def test_every_question_asked_another_way_has_its_wording(domain: dict[str, Any]) -> None:
    for slot in REASKED:
        assert f"utter_ask_{slot}_again" in domain["responses"], slot
        assert f"action_ask_{slot}" in domain["actions"], slot


def test_use_hours_and_household_are_asked_together_while_none_is_known(domain: dict[str, Any]) -> None:
    fresh = tracker_at("asking_location", usage=None, usage_hours=None, household_size=None)
    assert run(ask_action("usage")(), fresh, domain).responses == ["utter_ask_usage_together"]
    hours_known = tracker_at("asking_location", usage=None, household_size=None)
    assert run(ask_action("usage")(), hours_known, domain).responses == ["utter_ask_usage"]


@pytest.mark.parametrize(
    ("slot", "together"),
    [("full_name", ("phone", "email")), ("location", ("address_reference",)), ("id_number", ("payment_method",))],
)
def test_what_people_answer_together_is_asked_together(domain: dict[str, Any], slot: str, together: tuple) -> None:
    fresh = tracker_at("asking_location", **{slot: None, **dict.fromkeys(together)})
    assert run(ask_action(slot)(), fresh, domain).responses == [f"utter_ask_{slot}_together"]
    one_known = tracker_at(
        "asking_location", **{slot: None, together[0]: "+59171234567", **dict.fromkeys(together[1:])}
    )
    assert run(ask_action(slot)(), one_known, domain).responses == [f"utter_ask_{slot}"]


@pytest.mark.parametrize(
    ("asked", "text", "read"),
    [
        ("full_name", "Gabriela Torrico, 69543210, gaby.torrico@gmail.com",
         {"full_name": "Gabriela Torrico", "phone": "+59169543210", "email": "gaby.torrico@gmail.com"}),
        ("full_name", "soy Marcelo Antezana Rocha, cel 7 455 6677, marcelo.ar@hotmail.com",
         {"full_name": "Marcelo Antezana Rocha", "phone": "+59174556677", "email": "marcelo.ar@hotmail.com"}),
        ("id_number", "4567891 CB, postpago", {"id_number": "4567891 CB", "payment_method": "postpaid"}),
        ("id_number", "6234567-1A LP, prefiero prepago", {"id_number": "6234567-1A LP", "payment_method": "prepaid"}),
    ],
)  # fmt: skip
def test_the_answers_to_a_question_asked_together_are_all_read(
    domain: dict[str, Any], asked: str, text: str, read: dict
) -> None:
    before = {"plan_decision": "accepted", "offered_plan": "FIBRA_80"} if asked == "id_number" else {}
    tracker = tracker_at("asking_location", text, "inform", requested_slot=asked, **before, **dict.fromkeys(read))
    slots = run(form_asking(asked, domain), tracker, domain).slots()
    assert {name: slots.get(name) for name in read} == read


def test_the_answer_to_the_question_asked_together_fills_all_three(domain: dict[str, Any]) -> None:
    text = "los chicos pasan clases por meet, desde que llegan del colegio hasta la medianoche, mi esposa y yo"
    tracker = tracker_at("asking_location", text, "inform", requested_slot="usage", usage=None, usage_hours=None,
                         household_size=None)  # fmt: skip
    slots = run(form_asking("usage", domain), tracker, domain).slots()
    assert (slots["usage"], slots["usage_hours"], slots["household_size"]) == ("study", "night", 2)


@pytest.mark.parametrize(
    ("text", "zone", "reference"),
    [
        ("Cala Cala, calle Los Ceibos 221, portón café al lado de la panadería", "Cala Cala",
         "portón café al lado de la panadería"),
        ("Av. América 1234, Queru Queru, frente a la plaza de las banderas", "Queru Queru",
         "frente a la plaza de las banderas"),
        ("por Queru Queru, av. Uyuni casi Potosí, frente a la cancha de fútbol", "Queru Queru",
         "frente a la cancha de fútbol"),
        ("zona sarco, calle Beni 45, la casa celeste de la esquina", "Sarco", "la casa celeste de la esquina"),
        ("kala kala frente al mercadito, edificio blanco, tercer piso", "Cala Cala", "edificio blanco, tercer piso"),
    ],
)  # fmt: skip
def test_the_place_and_its_reference_answered_together_are_both_kept(
    domain: dict[str, Any], text: str, zone: str, reference: str
) -> None:
    tracker = tracker_at("asking_location", text, "inform", requested_slot="location", address_reference=None)
    slots = run(form_asking("location", domain), tracker, domain).slots()
    assert (slots["coverage_zone"], slots["address_reference"]) == (zone, reference)
    assert "full_name" not in slots  # a zone opening the address is no name
