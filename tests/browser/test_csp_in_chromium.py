"""The Content-Security-Policy in a real browser: every page of the other browser tests works
under it (their fixture fails on any console error, CSP violations included); here, that it
is really sent and enforced, and that the admin and Swagger UI work under it too."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_the_pages_carry_the_policy_and_chromium_enforces_it(page):
    response = page.goto(page.base + "/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    # An injected inline script, as stored XSS would be, does not run.
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.injected = true';
            document.body.appendChild(script);
        }"""
    )
    assert page.evaluate("window.injected === undefined")
    refused = [problem for problem in page.problems if "Content Security Policy" in problem]
    assert refused, page.problems
    page.problems[:] = [problem for problem in page.problems if problem not in refused]


def test_swagger_ui_works_under_the_policy(page):
    page.goto(page.base + "/api/docs/")
    page.wait_for_selector("text=/api/v1/zones/")
    assert page.locator(".opblock").count() >= 14


def test_the_admin_login_and_index_work_under_the_policy(page, django_user_model):
    django_user_model.objects.create_superuser("root", password="correct horse battery staple")
    page.goto(page.base + "/admin/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(page.base + "/admin/accounts/apitoken/add/")
    page.wait_for_selector("select#id_user, input#id_user")
