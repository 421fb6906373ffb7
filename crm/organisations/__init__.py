"""Partner organisations: their details, owner, cadence, and kept last-contact dates."""
