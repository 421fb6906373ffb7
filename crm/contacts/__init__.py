"""Contacts: the people in partner organisations (and individuals), and how to reach them."""
