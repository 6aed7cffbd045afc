import pytest

from articles.models import Tag
from articles.taxonomy import category_for_name, tags_for_names


@pytest.mark.django_db
def test_names_reuse_existing_tags_and_categories_instead_of_duplicating():
    existing = Tag.objects.create(name="Économie circulaire", slug="eco-circulaire")
    tags = tags_for_names(["économie circulaire", "Réparation", "  ", "réparation"])
    assert [t.name for t in tags] == ["Économie circulaire", "Réparation"]
    assert tags[0] == existing
    assert category_for_name("Logement") == category_for_name("logement")
    assert category_for_name("") is None
