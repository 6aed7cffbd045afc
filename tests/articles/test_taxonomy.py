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


@pytest.mark.django_db
def test_ligatures_and_typographic_apostrophes_find_the_same_tag():
    first = tags_for_names(["Main-d’œuvre"])[0]
    assert tags_for_names(["main-d'oeuvre", "MAIN-D’ŒUVRE"]) == [first]
    assert Tag.objects.count() == 1
    assert first.name_key == "main-d'oeuvre"
