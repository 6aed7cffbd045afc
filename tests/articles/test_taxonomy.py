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


@pytest.mark.django_db
def test_the_admin_refuses_a_tag_that_only_differs_by_accents(admin_client_):
    Tag.objects.create(name="Économie circulaire", slug="economie-circulaire")
    response = admin_client_.post("/admin/articles/tag/add/", {"name": "economie CIRCULAIRE", "slug": "autre"})
    assert response.status_code == 200
    assert "Une étiquette porte déjà ce nom" in response.content.decode()
    assert Tag.objects.count() == 1
