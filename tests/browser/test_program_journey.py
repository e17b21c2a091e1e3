import pytest

from mcelink.seed.default_data import DEMO_PASSWORD, load_default_data

pytestmark = [pytest.mark.browser, pytest.mark.serial, pytest.mark.django_db(transaction=True)]


def test_a_new_user_finds_track_1_companies_and_what_magtron_achieved(page, live_server):
    load_default_data()
    page.goto("/accounts/login/")
    page.get_by_label("사용자 이름").fill("pm")
    page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("navigation").get_by_role("link", name="지원사업").click()
    page.get_by_role("link", name="2025 인천-KITECH 반도체 R&D 지원사업").click()
    assert page.get_by_text("17 / 17").is_visible()
    page.get_by_role("link", name="후공정 특화 뿌리기술 지원").click()
    assert page.locator("h1").inner_text().startswith("1분야")
    rows = page.locator("tbody tr")
    assert rows.count() == 17
    magtron = rows.filter(has_text="마그트론")
    assert "희토류 사용량 약 70% 저감 마그네틱 콜렛" in magtron.inner_text()
    assert "50,000,000 KRW" in magtron.inner_text()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert "Magnet collet using about 70% less rare earth" in page.locator("tbody").inner_text()
