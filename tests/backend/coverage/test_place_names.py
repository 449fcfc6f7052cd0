"""Places as a clerk reads them: a zone named anywhere in the address, spelled the way people type it."""

import pytest
from fastapi.testclient import TestClient

ZONE_FIRST = ["Cala Cala, calle Los Ceibos 221", "queru queru, av. América 123", "Sarco calle Beni 12"]
TYPED_AS_THEY_SOUND = [("keru keru", "Queru Queru"), ("kala kala, frente al mercado", "Cala Cala"),
                       ("en la rrecoleta", "Queru Queru")]  # fmt: skip


def check(client: TestClient, text: str) -> dict:
    response = client.post("/api/coverage/check", json={"text": text})
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("address", ZONE_FIRST)
def test_an_address_that_starts_with_its_zone_is_found(client: TestClient, address: str) -> None:
    found = check(client, address)
    assert found["status"] == "covered" and found["matched_by"] == "name"


@pytest.mark.parametrize(("typed", "zone"), TYPED_AS_THEY_SOUND)
def test_a_zone_typed_as_it_sounds_is_found(client: TestClient, typed: str, zone: str) -> None:
    assert check(client, typed)["zone"]["name"] == zone


def test_a_place_we_do_not_serve_typed_as_it_sounds_is_told(client: TestClient) -> None:
    assert check(client, "vivo en sakaba")["place"] == "Sacaba"
    assert check(client, "kaye sukre 245, Centro")["zone"]["name"] == "Centro"  # a street named after a city


@pytest.mark.parametrize("text", ["Quillacollo no, en Tiquipaya", "no es en Quillacollo, es en Tiquipaya"])
def test_a_place_the_customer_corrects_is_not_taken(client: TestClient, text: str) -> None:
    found = check(client, text)
    assert (found["status"], found["place"]) == ("not_covered", "Tiquipaya")
    assert check(client, "en Cala Cala no hay fibra?")["zone"]["name"] == "Cala Cala"  # a question, not a correction
