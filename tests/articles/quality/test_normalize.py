"""French-aware normalization and figures."""

from articles.quality.figures import figure_index, figures_find
from articles.quality.normalize import match_text, name_key, scan_text


def figures(text):
    return [(f.value, f.unit) for f in figures_find(scan_text(text)) if not f.is_year]


def test_match_text_folds_typography_spaces_and_number_formats():
    assert match_text("L\u2019IA «\u202fcoûte\u202f» 12\u202f000 euros, soit 30\u00a0% ou 12,5 pour cent") == (
        'l\'ia " coûte " 12000€, soit 30% ou 12.5%'
    )
    assert match_text("12 000") == match_text("12000") == match_text("12\u00a0000")


def test_figures_are_equal_whatever_their_writing():
    assert figures("12 000 euros") == figures("12000 €") == figures("12\u202f000\u00a0€") == [(12000.0, "money")]
    assert figures("30 %") == figures("30%") == figures("30 pour cent") == [(30.0, "pct")]
    assert figures("12,5 %") == figures("12.5%") == [(12.5, "pct")]
    assert figures("1,2 million d'euros") == [(1_200_000.0, "money")]
    assert figures("45 k€") == [(45_000.0, "money")]
    assert figures("de 10 à 30 %") == [(10.0, "pct"), (30.0, "pct")]
    assert figures("entre 2 et 3 millions") == [(2_000_000.0, None), (3_000_000.0, None)]


def test_years_dates_codes_and_list_numbers_are_not_statistics():
    found = figures_find(scan_text("En 2024, le 22/05/2025, COVID-19, B2B, DFM.fr, 1. Point"))
    assert [f for f in found if f.is_stat] == []


def test_figure_index_tolerates_rounding_at_the_figure_precision_only():
    index = figure_index("Le budget atteint 12000 € ; 1 234 567 habitants ; 12,8 % des foyers.")
    supported = {t: index.supports(figures_find(scan_text(t))[0]) for t in
                 ["12 000 euros", "13 %", "1,2 million", "26 %", "12,5 %"]}
    assert supported == {"12 000 euros": True, "13 %": True, "1,2 million": True, "26 %": False, "12,5 %": False}


def test_name_key_ignores_case_accents_articles_and_apostrophes():
    assert name_key("L\u2019Agence régionale de l'Énergie") == name_key("agence regionale de l'energie")
    assert name_key("La French Tech") == name_key("FRENCH-TECH") == "french tech"
