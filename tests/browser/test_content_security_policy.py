"""The pages work under the strict Content-Security-Policy (config/settings.py): no inline script or style, nothing
from another origin. The `page` fixture fails any browser test on a violation; this one walks the pages the other
journeys do not: the admin, the API docs (Swagger UI), the live search."""

import pytest

from mcelink.accounts.models import Role
from mcelink.accounts.tests.factories import UserFactory
from mcelink.companies.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.serial, pytest.mark.django_db(transaction=True)]


def test_the_admin_the_api_docs_and_the_live_search_run_without_a_csp_violation(page, live_server, csp_violations):
    Organization.objects.create(kind="sme", name_ko="마그트론", name_en="Magtron", is_supply_firm=True)
    UserFactory(username="root", role=Role.STAFF, is_staff=True, is_superuser=True)
    page.goto("/admin/login/")
    page.locator("#id_username").fill("root")
    page.locator("#id_password").fill("pw-for-tests-1")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto("/admin/accounts/user/")
    page.get_by_role("link", name="root").click()
    page.wait_for_selector("#user_form")

    page.goto("/organizations/")
    page.locator("input[type=search]").press_sequentially("magt")
    page.wait_for_url("**q=magt*", wait_until="commit")  # htmx swapped the results in and pushed the address
    assert "마그트론" in page.locator("#results").inner_text()

    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock")  # Swagger UI ran and rendered the operations
    assert csp_violations == []


def test_an_inline_script_is_refused_and_reported(page, live_server, csp_violations):
    """The check above can fail: an inline script added to a page is blocked, and the violation is reported."""
    page.goto("/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = true'; "
        "document.body.appendChild(s); }"
    )
    page.wait_for_function("() => true")
    assert page.evaluate("() => window.ran") is None
    page.wait_for_timeout(200)  # the violation event is delivered asynchronously; not a timing assertion
    assert any("script-src" in v for v in csp_violations)
    csp_violations.clear()  # expected here; the fixture checks the rest
