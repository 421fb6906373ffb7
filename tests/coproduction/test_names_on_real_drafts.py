"""The names check on real prose: three board papers of a page or more (tests/coproduction/drafts).

Each paper is checked against the demo borough's organisations with the short names
people use for them, and the organisations found must be exactly those the paper
names: no more (a place called Riverside, "keep in mind", the Hillview Community
Centre), no fewer (possessives, curly apostrophes, a name broken over two lines).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crm.coproduction.names import Directory, Organisation, check
from crm.drafts.text import paragraphs

HERE = Path(__file__).parent / "drafts"

# The demo borough's organisations and the names people use for them.
BOROUGH = {
    "riverside": ("Riverside Peer Support Network", ("Riverside",)),
    "northgate": ("Northgate Social Prescribing", ("Northgate SP",)),
    "hillview": ("Hillview Wellbeing Café", ("the café at Hillview",)),
    "council": ("Eastbrook Borough Council – Public Health", ("Eastbrook Council",)),
    "trust": ("Eastbrook & Vale NHS Foundation Trust", ("EVFT",)),
    "icb": ("NHS Eastbrook and Vale Integrated Care Board", ("ICB",)),
    "mind": ("Mind in Eastbrook", ("Eastbrook Mind",)),
    "gpfed": ("Eastbrook GP Federation", ()),
    "canolfan": ("Canolfan Cymraeg Eastbrook", ("the Canolfan",)),
    "stbrigids": ("St Brigid's Parish Hall", ()),
    "valehomes": ("Vale Homes Housing Association", ("Vale Homes",)),
    "carers": ("Eastbrook Carers' Centre", ("Carers' Centre",)),
    "panel": ("Eastbrook Lived Experience Panel", ()),
    "polish": ("Eastbrook Polish Community Association", ()),
    "cvs": ("Eastbrook Council for Voluntary Service", ("CVS", "Eastbrook CVS")),
    "foodbank": ("Eastbrook Community Foodbank", ()),
    "mosque": ("Eastbrook Central Mosque", ()),
    "shed": ("Vale Men's Shed", ("the Shed",)),
    # The national charity: "Mind in Eastbrook" must not also count as naming it.
    "national_mind": ("Mind", ()),
}
KEYS = list(BOROUGH)
DIRECTORY = Directory.build(
    Organisation(KEYS.index(key), name, aliases) for key, (name, aliases) in BOROUGH.items()
)

EXPECTED = {
    "action_plan.txt": {
        "riverside", "northgate", "hillview", "mind", "trust", "icb", "carers", "polish",
        "panel",
    },
    "mental_health_strategy.txt": {
        "foodbank", "mosque", "shed", "cvs", "trust", "icb", "valehomes", "riverside",
    },
    "welsh_language.txt": {"canolfan", "riverside", "mind", "panel", "carers", "cvs"},
}  # fmt: skip


def found_in(name: str) -> dict:
    text = (HERE / name).read_text(encoding="utf-8")
    return {KEYS[oid]: mention for oid, mention in check(paragraphs(text), DIRECTORY).items()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_exactly_the_organisations_the_paper_names(name):
    found = found_in(name)
    assert set(found) == EXPECTED[name], (
        f"not found: {EXPECTED[name] - set(found)}; found but not named: "
        f"{ {k: found[k].forms for k in set(found) - EXPECTED[name]} }"
    )


def test_possessives_and_curly_apostrophes_count():
    forms = found_in("action_plan.txt")["riverside"].forms
    assert "Riverside's" in forms and "Riverside’s" in forms


def test_a_name_broken_over_two_lines_is_found():
    forms = found_in("welsh_language.txt")["riverside"].forms
    assert any("\n" not in form and "Peer Support Network" in form for form in forms)
    passages = found_in("welsh_language.txt")["riverside"].passages
    assert any(
        p.startswith("Riverside Peer Support Network has agreed in principle") for p in passages
    )


def test_passages_are_the_paragraphs_that_name_them():
    mind = found_in("action_plan.txt")["mind"]
    assert len(mind.passages) == 1
    assert mind.passages[0].startswith("Mind in Eastbrook has asked that the referral route")


def test_the_area_called_riverside_is_not_the_network():
    passages = found_in("action_plan.txt")["riverside"].passages
    assert not any(p.startswith("Eastbrook already has social prescribing") for p in passages)


def test_an_alias_with_the_does_not_hide_the_full_name():
    forms = found_in("welsh_language.txt")["canolfan"].forms
    assert "Canolfan Cymraeg Eastbrook" in forms and "Canolfan" in forms


def test_accents_do_not_matter():
    forms = found_in("action_plan.txt")["hillview"].forms
    assert "Hillview Wellbeing Café" in forms and "Hillview Wellbeing Cafe" in forms
