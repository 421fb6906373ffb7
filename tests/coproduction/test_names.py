"""The names check as a pure rule: each way of writing a name, and each way of not naming one."""

from __future__ import annotations

from crm.coproduction.names import PASSAGE_MAX, Directory, Organisation, check, fold, highlight
from crm.drafts.text import paragraphs

ORGS = [
    Organisation(1, "Riverside Peer Support Network", ("Riverside", "RPSN")),
    Organisation(2, "Eastbrook"),
    Organisation(3, "Eastbrook Carers' Centre"),
    Organisation(4, "Mind"),
    Organisation(5, "NHS Eastbrook and Vale Integrated Care Board", ("ICB",)),
    Organisation(6, "Hillview Wellbeing Café"),
    Organisation(7, "Gwasanaeth Cymorth Ŵyl"),
]
DIRECTORY = Directory.build(ORGS)


def named(text: str) -> dict[int, tuple[str, ...]]:
    return {oid: m.forms for oid, m in check(paragraphs(text), DIRECTORY).items()}


def test_full_names_and_aliases():
    assert named("Riverside Peer Support Network agreed.") == {
        1: ("Riverside Peer Support Network",)
    }
    assert named("We asked RPSN.") == {1: ("RPSN",)}


def test_possessives_straight_and_curly():
    assert named("Riverside's mentors and Riverside’s groups.") == {
        1: ("Riverside's", "Riverside’s")
    }
    assert named("The Eastbrook Carers' Centre's group.") == {3: ("Eastbrook Carers' Centre's",)}


def test_a_name_inside_a_longer_name_is_not_also_counted():
    assert named("The Eastbrook Carers' Centre runs a group.") == {3: ("Eastbrook Carers' Centre",)}
    assert 2 not in named("NHS Eastbrook and Vale Integrated Care Board funds it.")
    # A longer capitalised name the directory does not know swallows a one-word name too.
    assert named("Eastbrook Borough Council and Riverside Community Hall.") == {}
    assert named("In Eastbrook, the council agreed.") == {}  # a place
    assert named("Eastbrook agreed to host it.") == {2: ("Eastbrook",)}


def test_case_and_accents_are_ignored_for_longer_names():
    assert named("hillview wellbeing cafe and HILLVIEW WELLBEING CAFÉ") == {
        6: ("hillview wellbeing cafe", "HILLVIEW WELLBEING CAFÉ")
    }
    assert 7 in named("gwasanaeth cymorth wyl")
    assert fold("Ŵyl Café") == "wyl cafe"


def test_acronyms_only_in_capitals_and_one_word_names_only_capitalised():
    assert named("The ICB will fund it.") == {5: ("ICB",)}
    assert named("the icb will fund it, and the Icb too") == {}
    assert named("Keep in mind the waiting list.") == {}
    assert named("Mind will host it.") == {4: ("Mind",)}
    assert named("the riverside walk") == {}


def test_line_breaks_spacing_hyphenation_and_ampersands():
    assert 1 in named("with Riverside Peer\nSupport   Network today")
    assert 1 in named("with Riverside Peer Sup-\nport Network today")
    assert 5 in named("NHS Eastbrook & Vale Integrated Care Board")


def test_word_boundaries():
    assert named("Minder and Riversides and ICBs") == {}


def test_passages_are_paragraphs_or_sentence_windows_in_long_ones():
    text = "First paragraph about Riverside.\n\nA second one, about nobody."
    assert check(paragraphs(text), DIRECTORY)[1].passages == ("First paragraph about Riverside.",)
    filler = " ".join(f"Sentence {i} says nothing in particular here." for i in range(40))
    long = f"{filler} Riverside will lead it. Then more. {filler}"
    assert len(long) > PASSAGE_MAX
    (window,) = check([long], DIRECTORY)[1].passages
    assert (
        window == "Sentence 39 says nothing in particular here. Riverside will lead it. Then more."
    )


def test_an_alias_two_organisations_share_names_both():
    directory = Directory.build(
        [Organisation(1, "A One", ("AO",)), Organisation(2, "A Two", ("AO",))]
    )
    assert set(check(["AO agreed."], directory)) == {1, 2}


def test_highlight_marks_only_this_organisations_names():
    pieces = highlight("Riverside and the ICB and Riverside's mentors", DIRECTORY, 1)
    assert [text for text, mark in pieces if mark] == ["Riverside", "Riverside's"]
    assert "".join(text for text, _ in pieces) == "Riverside and the ICB and Riverside's mentors"
