def test_a_name_key_fits_its_column_even_when_folding_lengthens_the_name():
    from crm.core.text import NAME_KEY_MAX, name_key

    assert name_key("Æ" * 200) == "ae" * 100
    assert len(name_key("ﬃ" * 200)) == NAME_KEY_MAX
