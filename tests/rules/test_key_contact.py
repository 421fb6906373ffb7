"""The key contact a new stake gets (issue 14, point 12)."""

from crm.rules import ContactFact, default_key_contact


def test_the_only_contact_is_the_key_contact():
    assert default_key_contact([ContactFact(7)]) == 7


def test_nobody_to_choose():
    assert default_key_contact([]) is None
    assert default_key_contact([ContactFact(7, do_not_contact=True)]) is None


def test_the_only_contact_who_may_be_contacted():
    assert default_key_contact([ContactFact(7, do_not_contact=True), ContactFact(8)]) == 8


def test_the_main_contact_among_several():
    """The one already key contact on more of the organisation's stakes than anyone else."""
    assert default_key_contact([ContactFact(7, key_stakes=1), ContactFact(8, key_stakes=3)]) == 8
    assert default_key_contact([ContactFact(7, key_stakes=1), ContactFact(8)]) == 7


def test_several_and_no_main_one_leaves_the_choice_to_the_user():
    assert default_key_contact([ContactFact(7), ContactFact(8)]) is None
    assert default_key_contact([ContactFact(7, key_stakes=2), ContactFact(8, key_stakes=2)]) is None
    # A do-not-contact person is never chosen, however often they were key contact.
    assert default_key_contact([ContactFact(7, True, 5), ContactFact(8), ContactFact(9)]) is None
