"""Users, log-in, sessions held in the database, roles, and the first admin."""
