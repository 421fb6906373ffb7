"""Reading the search box and marking snippets (crm/core/searchtext.py)."""

from __future__ import annotations

from crm.core.searchtext import MAX_TERMS, has_match, parse_query, phone_digits, rough_stem, snippet


def test_words_are_folded():
    query = parse_query("SIÂN Llŷr ")
    assert query.words == ("sian", "llyr") and query.partial == ""


def test_the_last_word_is_partial_while_typing():
    assert parse_query("peer supp").partial == "supp"
    assert parse_query("peer supp ").partial == ""
    assert parse_query('"peer support"').partial == ""


def test_phrases_in_quotes():
    query = parse_query('ICB "peer  support" plan')
    assert query.phrases == (("peer", "support"),)
    assert query.words == ("icb",) and query.partial == "plan"
    assert parse_query('"peer support').phrases == (("peer", "support"),)  # unclosed
    assert parse_query('"one"').words == ("one",)


def test_punctuation_is_never_syntax():
    for typed in ['"', "*", "NEAR(", "a:*", "(", "&!|", "\\", "%_", "-", "\x00"]:
        query = parse_query(typed)
        assert all(w.isalnum() for w in query.all_words), typed
    assert parse_query("").empty and parse_query("  ").empty and parse_query("!!").empty


def test_terms_are_capped():
    query = parse_query(" ".join(f"w{n}" for n in range(30)))
    assert len(query.words) + len(query.phrases) + bool(query.partial) == MAX_TERMS


def test_phone_numbers():
    assert phone_digits("+44 (0)29 2012 3456") == "02920123456"
    assert phone_digits("+44 7700 900123") == "07700900123"
    assert phone_digits("07700-900 123") == "07700900123"
    assert parse_query("029 2012").digits == "0292012"
    assert parse_query("sian 029").digits == ""
    assert parse_query("12").digits == ""


def test_rough_stem():
    assert rough_stem("referrals") == rough_stem("referral") == "referr"
    assert rough_stem("ran") == "ran"


def test_snippet_marks_stems_and_prefixes():
    query = parse_query("referrals pathw")
    parts = snippet("The Referral pathway works.", query)
    assert [text for text, hit in parts if hit] == ["Referral", "pathway"]
    assert "".join(text for text, _hit in parts) == "The Referral pathway works."


def test_snippet_marks_substrings_of_names():
    parts = snippet("sian.llyr@cpsn.org.uk", parse_query("llyr@cps"), substring=True)
    assert [text for text, hit in parts if hit] == ["llyr", "cpsn"]


def test_snippet_windows_long_text_around_the_first_match():
    text = "word " * 100 + "kingfisher " + "word " * 100
    parts = snippet(text, parse_query("kingfisher "), width=80)
    shown = "".join(t for t, _hit in parts)
    assert shown.startswith("\u2026") and shown.endswith("\u2026") and len(shown) < 100
    assert has_match(parts)


def test_snippet_without_a_match_is_the_start():
    parts = snippet("x " * 200, parse_query("nothing "), width=50)
    assert not has_match(parts) and parts[-1] == ("\u2026", False)
