"""Proposals, their milestones, stakes and lifecycle, and each stake's consult state."""
