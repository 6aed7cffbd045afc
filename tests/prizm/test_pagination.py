from django.core.paginator import Paginator
from django.template.loader import render_to_string


def test_pagination_keeps_filters_and_can_swap_in_place():
    page = Paginator(list(range(50)), 20).get_page(2)
    html = render_to_string("partials/pagination.html", {"page": page, "query": "kind=etude", "hx_target": "#results"})
    assert "Page 2 sur 3" in html
    assert 'href="?kind=etude&amp;page=1"' in html and 'href="?kind=etude&amp;page=3"' in html
    assert 'hx-target="#results"' in html


def test_pagination_is_absent_on_a_single_page():
    page = Paginator(list(range(5)), 20).get_page(1)
    assert render_to_string("partials/pagination.html", {"page": page}).strip() == ""
