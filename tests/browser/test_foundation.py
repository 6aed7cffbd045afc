import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_editor_logs_in_and_out(page, editor):
    page.goto("/studio/")
    assert "/accounts/login/" in page.url
    login(page, "editeur")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bonjour")
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()
    assert "Vous êtes déconnecté" in page.content()


def test_wrong_password_shows_a_clear_error(page, editor):
    page.goto("/accounts/login/")
    page.get_by_label("Identifiant").fill("editeur")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("alert").inner_text().startswith("Identifiant ou mot de passe incorrect")


def test_language_switch_to_english(page, editor):
    login(page, "editeur")
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello")
