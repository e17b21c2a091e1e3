import pytest

pytestmark = pytest.mark.django_db


def test_pages_require_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_with_wrong_password_shows_an_error_and_right_password_opens_the_dashboard(client, make_user):
    make_user(username="lee")
    bad = client.post("/accounts/login/", {"username": "lee", "password": "nope"})
    assert bad.status_code == 200
    assert "password" in bad.content.decode().lower() or "비밀번호" in bad.content.decode()
    good = client.post("/accounts/login/", {"username": "lee", "password": "pw-for-tests-1"}, follow=True)
    assert good.redirect_chain[-1][0] == "/"
    assert good.status_code == 200


def test_korean_is_the_default_and_english_can_be_chosen(client, make_user):
    client.force_login(make_user())
    assert '<html lang="ko"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en"' in client.get("/").content.decode()
