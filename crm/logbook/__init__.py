"""The logbook: the conversations list, and logging, editing and deleting a conversation."""
