import pytest
from django.contrib.auth.models import Group

from prizm.roles import EDITORS_GROUP, REVIEWERS_GROUP, is_reviewer, is_staff_member
from tests.factories import UserFactory


@pytest.mark.django_db
def test_role_groups_exist_with_their_permissions():
    editors = Group.objects.get(name=EDITORS_GROUP)
    reviewers = Group.objects.get(name=REVIEWERS_GROUP)
    editor_perms = {p.codename for p in editors.permissions.all()}
    reviewer_perms = {p.codename for p in reviewers.permissions.all()}
    assert {"access_studio", "add_source", "add_brief", "change_article"} <= editor_perms
    assert not {"review_article", "publish_article", "override_finding"} & editor_perms
    assert {"access_studio", "review_article", "publish_article", "override_finding"} <= reviewer_perms
    assert editor_perms < reviewer_perms


@pytest.mark.django_db
def test_role_helpers(editor, reviewer, admin_user):
    reader = UserFactory(username="lecteur")
    assert is_staff_member(editor) and not is_reviewer(editor)
    assert is_staff_member(reviewer) and is_reviewer(reviewer)
    assert is_reviewer(admin_user)
    assert not is_staff_member(reader)


@pytest.mark.django_db
def test_login_page_is_french_and_styled(client):
    response = client.get("/accounts/login/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Connexion" in content and "Mot de passe" in content
    assert "css/prizm.css" in content


@pytest.mark.django_db
def test_login_page_is_available_in_english(client):
    response = client.get("/accounts/login/", headers={"accept-language": "en"})
    content = response.content.decode()
    assert "Log in" in content and "Password" in content


@pytest.mark.django_db
def test_login_then_logout(client, editor):
    response = client.post("/accounts/login/", {"username": "editeur", "password": "motdepasse-test"})
    assert response.status_code == 302 and response.url == "/studio/"
    assert client.get("/studio/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 200
    assert "Vous êtes déconnecté" in response.content.decode()
    assert client.get("/studio/").status_code == 302


@pytest.mark.django_db
def test_wrong_password_says_what_to_fix(client, editor):
    response = client.post("/accounts/login/", {"username": "editeur", "password": "faux"})
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()


@pytest.mark.django_db
def test_studio_access(client, editor, reviewer, admin_user):
    response = client.get("/studio/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/?next=/studio/")
    reader = UserFactory(username="lecteur")
    client.force_login(reader)
    assert client.get("/studio/").status_code == 403
    for user in (editor, reviewer, admin_user):
        client.force_login(user)
        response = client.get("/studio/")
        assert response.status_code == 200, user
        assert "Tableau de bord" in response.content.decode()


@pytest.mark.django_db
def test_admin_is_for_admins_only(client, editor, reviewer, admin_user):
    for user in (editor, reviewer):
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response.url
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_public_home_answers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Prizm" in response.content.decode()
