"""What a new user sees when something is refused or missing, and how Korean text breaks on a phone."""

import pytest

from mcelink.accounts.tests.factories import SupplyFirmUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.serial, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _log_in(page, live_server, username):
    page.goto("/accounts/login/")
    page.get_by_label("사용자 이름").fill(username)
    page.get_by_label("비밀번호").fill("pw-for-tests-1")
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_missing_and_a_refused_page_are_styled_bilingual_and_never_debug_pages(page, live_server):
    SupplyFirmUserFactory(username="supplier-browser")
    _log_in(page, live_server, "supplier-browser")

    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "페이지를 찾을 수 없습니다"
    assert page.locator(".error-other[lang=en]").inner_text().startswith("No such page")
    assert page.locator("header.site-header").is_visible()  # the site's layout, with its menu
    body = page.locator("body").inner_text()
    assert "URLconf" not in body and "Django" not in body
    # The page is styled: the site's stylesheet is applied to it.
    assert page.locator(".error-page").evaluate("e => getComputedStyle(e).maxWidth") != "none"

    response = page.goto("/organizations/import/")  # a supply firm may not import the registry
    assert response.status == 403
    assert page.locator("h1").inner_text() == "이 페이지를 열 수 없습니다"
    assert "403 Forbidden" not in page.locator("body").inner_text()
    assert page.locator(".error-other[lang=en]").inner_text().startswith("You may not open this page")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    page.goto("/no-such-page/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "No such page"
    assert page.locator(".error-other[lang=ko]").inner_text().startswith("페이지를 찾을 수 없습니다")


def test_korean_text_breaks_between_words_and_buttons_keep_one_line_on_a_phone(page, live_server):
    SupplyFirmUserFactory(username="supplier-phone")
    page.set_viewport_size(PHONE)
    _log_in(page, live_server, "supplier-phone")
    page.goto("/matching/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("main").evaluate("e => getComputedStyle(e).wordBreak") == "keep-all"
    button = page.get_by_role("button", name="공급기업 찾기")
    assert button.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    # One line: the button is no taller than a single line of its text plus its padding.
    height = button.evaluate("e => e.getBoundingClientRect().height")
    line = button.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    padding = button.evaluate(
        "e => parseFloat(getComputedStyle(e).paddingTop) + parseFloat(getComputedStyle(e).paddingBottom)"
    )
    assert height < line * 1.5 + padding + 4
    # A menu item is a word; it is never split across lines ("대시/보드").
    dashboard = page.get_by_role("navigation").get_by_role("link", name="대시보드")
    assert dashboard.evaluate("e => e.getClientRects().length") == 1
    # Nothing is pushed past the screen's edge (the menu wraps instead).
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
