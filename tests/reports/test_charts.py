def test_key_lines_wrap_long_names_by_words_and_cut_the_rest():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from crm.reports.fonts import FONT, register_fonts
    from crm.reports.stakeholder_map import key_lines

    register_fonts()
    assert key_lines("Mind in Eastbrook", 150) == ["Mind in Eastbrook"]
    lines = key_lines("NHS Eastbrook and Vale Integrated Care Board", 150)
    assert lines == ["NHS Eastbrook and Vale Integrated", "Care Board"] or len(lines) == 2
    assert " ".join(lines) == "NHS Eastbrook and Vale Integrated Care Board"
    cut = key_lines("word " * 60, 150)
    assert len(cut) == 2 and cut[-1].endswith("…")
    assert all(stringWidth(line, FONT, 7) <= 150 for line in lines + cut)
    assert key_lines("Averyveryveryveryveryveryveryveryverylongsingleword" * 2, 60)[0].endswith("…")
