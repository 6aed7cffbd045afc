import pytest

from prizm.links import clean_url, normalize_url


@pytest.mark.parametrize(
    "a, b",
    [
        ("HTTPS://Example.ORG/Etudes/2024", "https://example.org/Etudes/2024"),  # scheme and host case, not path
        ("https://example.org/etudes/", "https://example.org/etudes"),  # trailing slash
        ("https://example.org/", "https://example.org"),
        ("https://www.example.org/a", "https://example.org/a"),
        ("https://example.org:443/a", "https://example.org/a"),  # default port
        ("http://example.org:80/a", "http://example.org/a"),
        ("https://example.org/a#section-2", "https://example.org/a"),  # fragment
        ("https://example.org/a?utm_source=lettre&utm_medium=email", "https://example.org/a"),
        ("https://example.org/a?fbclid=XYZ&gclid=1&xtor=RSS-3", "https://example.org/a"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2"),  # query sorted
        ("https://example.org/a?id=7&utm_campaign=x", "https://example.org/a?id=7"),
        ("https://example.org/caf%C3%A9", "https://example.org/café"),  # one escaping
        ("https://réparation.example.org/x", "https://xn--rparation-b4a.example.org/x"),  # IDN
        ("  https://example.org/a  ", "https://example.org/a"),
        # Issue 12: the scheme does not make another document.
        ("http://example.org/a", "https://example.org/a"),
        ("HTTP://www.example.org/a/?utm_source=x", "https://example.org/a"),
        ("http://example.org:80/a", "https://example.org:443/a"),  # each scheme's default port
    ],
)
def test_equivalent_urls_normalize_to_the_same_value(a, b):
    assert normalize_url(a) == normalize_url(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("https://example.org/a", "https://example.org/b"),
        ("https://example.org/a?id=1", "https://example.org/a?id=2"),  # meaningful parameters are kept
        ("https://example.org:8443/a", "https://example.org/a"),  # non-default port
        ("https://example.org/A", "https://example.org/a"),  # paths are case-sensitive
        ("https://one.example.org/a", "https://two.example.org/a"),
    ],
)
def test_different_documents_stay_different(a, b):
    assert normalize_url(a) != normalize_url(b)


def test_normalized_form_is_readable():
    assert (
        normalize_url("HTTPS://WWW.Example.ORG/Rapports/2024/?utm_source=x&page=2#haut")
        == "https://example.org/Rapports/2024?page=2"
    )


def test_the_key_of_an_http_address_is_written_with_https():
    assert normalize_url("http://Obs.example.org/etude") == "https://obs.example.org/etude"


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("https://example.org/a?utm_source=lettre&utm_medium=email", "https://example.org/a"),
        ("https://example.org/a?id=7&fbclid=XYZ&gclid=1&page=2", "https://example.org/a?id=7&page=2"),
        ("https://example.org/a?UTM_Campaign=x&q=caf%C3%A9", "https://example.org/a?q=caf%C3%A9"),  # as typed
        ("  https://example.org/a?xtor=RSS-3  ", "https://example.org/a"),
        # The fragment stays (it can point to a page or a section), minus tracking parameters.
        ("https://example.org/rapport.pdf#page=12", "https://example.org/rapport.pdf#page=12"),
        ("https://example.org/a?gclid=1#section-2", "https://example.org/a#section-2"),
        ("https://example.org/a#xtor=RSS-3", "https://example.org/a"),
        # Nothing else is rewritten: scheme, "www.", case, trailing slash and parameter order stay.
        ("http://www.Example.org/Rapport/?b=2&a=1", "http://www.Example.org/Rapport/?b=2&a=1"),
        ("ftp://example.org/x?utm_source=1", "ftp://example.org/x?utm_source=1"),  # refused later, untouched
    ],
)
def test_the_stored_url_is_the_typed_one_without_tracking_parameters(typed, stored):
    assert clean_url(typed) == stored
    assert normalize_url(clean_url(typed)) == normalize_url(typed)  # cleaning never changes the key
