"""Live takeover: executives answer customers themselves, then give the conversation back to the assistant."""
