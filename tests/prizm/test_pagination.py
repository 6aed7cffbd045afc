"""One pagination (templates/partials/pagination.html) for the studio and the public site: links built
by Django's {% querystring %}, keeping every other parameter and replacing the page."""

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse


def test_pagination_keeps_filters_and_can_swap_in_place():
    page = Paginator(list(range(50)), 20).get_page(2)
    params = QueryDict("kind=etude&page=2&q=r%C3%A9paration")
    html = render_to_string("partials/pagination.html", {"page": page, "params": params, "hx_target": "#results"})
    assert "Page 2 sur 3" in html
    assert 'href="?kind=etude&amp;page=1&amp;q=r%C3%A9paration"' in html
    assert 'href="?kind=etude&amp;page=3&amp;q=r%C3%A9paration"' in html
    assert 'data-hx-target="#results"' in html and 'class="pagination"' in html


def test_public_look_keeps_its_classes_and_placeholders():
    page = Paginator(list(range(50)), 20).get_page(1)
    html = render_to_string("partials/pagination.html", {"page": page, "params": QueryDict(), "public": True})
    assert 'class="pager"' in html and 'rel="next" href="?page=2"' in html and "<span></span>" in html
    assert "hx-get" not in html


def test_pagination_is_absent_on_a_single_page():
    page = Paginator(list(range(5)), 20).get_page(1)
    assert render_to_string("partials/pagination.html", {"page": page, "params": QueryDict()}).strip() == ""


@pytest.mark.django_db
def test_studio_lists_page_with_their_filters(client, editor):
    from tests.factories import SourceFactory

    for i in range(30):
        SourceFactory(name=f"Étude {i:02d}", kind="etude")
    client.force_login(editor)
    html = client.get(reverse("studio:source_list"), {"kind": "etude", "page": 1}).content.decode()
    assert "?kind=etude&amp;page=2" in html
