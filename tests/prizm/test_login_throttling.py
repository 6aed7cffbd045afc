"""Login throttling (django-axes): repeated wrong passwords lock one username from one address."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_username_with_a_page_that_says_for_how_long(client, settings):
    UserFactory(username="camille", password="le-bon-mot-de-passe")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "camille", "faux")
        assert response.status_code == 200 and "Identifiant ou mot de passe incorrect" in response.content.decode()
    locked = attempt(client, "camille", "faux")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Connexion bloquée" in page and "15 minutes" in page
    # Even the right password is refused while locked; nothing logged in.
    again = attempt(client, "camille", "le-bon-mot-de-passe")
    assert again.status_code == 429 and "_auth_user_id" not in client.session


def test_another_username_is_not_locked_and_a_good_login_resets_the_count(client, settings):
    UserFactory(username="camille", password="le-bon-mot-de-passe")
    UserFactory(username="dominique", password="un-autre-mot-de-passe")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "camille", "faux")
    ok = attempt(client, "dominique", "un-autre-mot-de-passe")
    assert ok.status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "dominique", "faux")
    assert attempt(client, "dominique", "un-autre-mot-de-passe").status_code == 302  # reset on success
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "dominique", "faux").status_code == 200
