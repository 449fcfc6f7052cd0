"""Conversations: one per (channel, customer), with the transcript of every message both ways."""
