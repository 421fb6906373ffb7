"""The dashboard: calls to make, overdue relationships, follow-ups, milestones, recent talk."""
