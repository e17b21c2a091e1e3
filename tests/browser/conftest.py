"""Browser tests: Playwright driving Debian's Chromium (installed by `make test`), never a downloaded browser."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("MCELINK_CHROMIUM", "/usr/bin/chromium")
# Flags that keep Chromium from reaching for the network on a closed machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs Debian's chromium package.")
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls happen in
    # its own thread, but fixtures that touch the database here need Django's permission to do so.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# Every page reports what the Content-Security-Policy refused (the browser's securitypolicyviolation event), through
# a binding the policy cannot block; the console's "Refused to ..." lines are collected too.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.mcelinkCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline code"} on ${e.documentURI}`);
});
"""


@pytest.fixture
def csp_violations():
    return []


@pytest.fixture
def page(browser, live_server, csp_violations):
    context = browser.new_context(base_url=live_server.url, locale="ko-KR")
    context.expose_function("mcelinkCspViolation", lambda text: csp_violations.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on("console", lambda m: csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_default_timeout(15_000)
    yield page
    context.close()
    # Every browser test also shows that its pages work under the policy.
    assert not csp_violations, f"Content-Security-Policy violations: {csp_violations}"
