"""Follow-ups: actions someone owes, from a conversation or on their own."""
