"""The assistant's action server: form logic and the calls to the back office."""
