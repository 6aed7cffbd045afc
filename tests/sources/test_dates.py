import datetime

import pytest
from django.utils import translation

from sources.dates import PartialDateError, parse_partial_date, partial_date_display, partial_date_iso


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024", (datetime.date(2024, 1, 1), "year")),
        ("03/2025", (datetime.date(2025, 3, 1), "month")),
        ("2025-03", (datetime.date(2025, 3, 1), "month")),
        ("mars 2025", (datetime.date(2025, 3, 1), "month")),
        ("Février 2024", (datetime.date(2024, 2, 1), "month")),
        ("12/03/2025", (datetime.date(2025, 3, 12), "day")),
        ("2025-03-12", (datetime.date(2025, 3, 12), "day")),
        ("12 mars 2025", (datetime.date(2025, 3, 12), "day")),
        ("1er août 2023", (datetime.date(2023, 8, 1), "day")),
        ("", (None, "day")),
    ],
)
def test_partial_dates_are_parsed_with_their_precision(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2025", "13/2025", "hier", "2025/13/45", "12 brumaire 2025", "99999", "1700"])
def test_unreadable_dates_are_refused_with_a_message_saying_what_to_write(text):
    with pytest.raises(PartialDateError) as exc:
        parse_partial_date(text)
    assert text in str(exc.value) or "1800" in str(exc.value)


def test_partial_dates_are_displayed_honestly_in_french():
    with translation.override("fr"):
        assert partial_date_display(datetime.date(2024, 1, 1), "year") == "2024"
        assert partial_date_display(datetime.date(2025, 3, 1), "month") == "mars 2025"
        assert partial_date_display(datetime.date(2025, 3, 12), "day") == "12/03/2025"
        assert partial_date_display(None, "day") == ""


def test_partial_dates_have_an_iso_form_for_exports():
    assert partial_date_iso(datetime.date(2024, 1, 1), "year") == "2024"
    assert partial_date_iso(datetime.date(2025, 3, 1), "month") == "2025-03"
    assert partial_date_iso(datetime.date(2025, 3, 12), "day") == "2025-03-12"


def test_template_filter_and_model_property_agree(db):
    from django.template import Context, Template

    from tests.factories import SourceFactory

    source = SourceFactory(published_on=datetime.date(2025, 3, 1), published_precision="month")
    with translation.override("fr"):
        rendered = Template("{% load sources_tags %}{{ source|partial_date }}").render(Context({"source": source}))
        assert rendered == "mars 2025" == source.published_display
