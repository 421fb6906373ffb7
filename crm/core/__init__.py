"""The platform every feature builds on: config, database, dates, text, forms, errors."""
