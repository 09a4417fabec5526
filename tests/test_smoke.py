from ingest.parsers.symbols import normalize_symbol


def test_it_normalizes_full_width_and_spacing():
    assert normalize_symbol("（Ａ/62/627）") == "A/62/627"
    assert normalize_symbol("S/RES/1353 (2001)") == "S/RES/1353(2001)"
    assert normalize_symbol("s/2011/ 817") == "S/2011/817"
    assert normalize_symbol("S/2013/139*") == "S/2013/139"
    assert normalize_symbol("S/2017/2/rev.1") == "S/2017/2/Rev.1"
