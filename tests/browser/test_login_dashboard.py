import pytest

from mcelink.accounts.tests.factories import ProgramManagerFactory

pytestmark = [pytest.mark.browser, pytest.mark.serial, pytest.mark.django_db(transaction=True)]


def test_a_program_manager_logs_in_sees_the_dashboard_and_switches_to_english(page, live_server):
    ProgramManagerFactory(username="pm-browser", first_name="지은", last_name="박")
    page.goto("/")
    assert "/accounts/login/" in page.url
    page.get_by_label("사용자 이름").fill("pm-browser")
    page.get_by_label("비밀번호").fill("pw-for-tests-1")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "환영합니다, 박지은"
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Welcome, 박지은"
