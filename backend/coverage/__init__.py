"""Coverage zones and the check of a customer's location against them."""
