"""An unexpected exception under /api/ is a JSON 500 in the README's error shape."""

import pytest
from django.test import Client

pytestmark = pytest.mark.urls("tests.security.urls")


def test_an_api_bug_is_a_json_500_with_a_detail(db, caplog):
    response = Client(raise_request_exception=False).get("/api/v1/broken/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "服务器内部错误 / internal server error"}
    # Still logged with its traceback, as Django logs any 500.
    assert any(record.exc_info and "a bug" in str(record.exc_info[1]) for record in caplog.records)


def test_a_page_bug_stays_django_s_html_500(db):
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert not response["Content-Type"].startswith("application/json")
