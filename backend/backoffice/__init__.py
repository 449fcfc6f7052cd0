"""The backoffice check of every new request (001): complete against a checklist, or back to its executive."""
