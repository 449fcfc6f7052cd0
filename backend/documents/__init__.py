"""Documents customers send: ID photos, payment receipts and other files."""
