"""The per-user calendar feed (ICS): milestones, consult-by dates, follow-ups due."""
