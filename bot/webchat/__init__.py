"""The web chat channel: a page and its JSON API."""
