"""The sale as four forms joined by rules (data/rules.yml): contact, coverage, offer and checkout. `steps` says
which questions each asks, given the answers so far; `forms` runs them, each answer read by its reader
(`actions/readers/`)."""
