def test_a_name_key_fits_its_column_even_when_folding_lengthens_the_name():
    from crm.core.text import NAME_KEY_MAX, name_key

    assert name_key("Æ" * 200) == "ae" * 100
    assert len(name_key("ﬃ" * 200)) == NAME_KEY_MAX


def test_the_quick_fold_of_plain_ascii_matches_the_full_fold():
    """fold() skips Unicode decomposition for ASCII text: it must change nothing."""
    import unicodedata

    from hypothesis import given
    from hypothesis import strategies as st

    from crm.core import text

    def full(value: str) -> str:
        decomposed = unicodedata.normalize("NFKD", value.translate(text._EXTRA))
        kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return " ".join(kept.casefold().split())

    @given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
    def check(value):
        assert text.fold(value) == full(value)

    check()
    assert text.fold("  Siân  Llŷr ") == "sian llyr"  # and the full fold still runs
