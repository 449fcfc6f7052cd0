"""Runs the whole product on one machine: the action server, Rasa, the backend and its workers, as processes."""
