"""Learning from real conversations: messages the assistant misread, reviewed by supervisors, trained into the
assistant when a retraining does not make it worse on the held-out split."""
