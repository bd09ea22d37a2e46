"""Pages and API answers are compressed when icv serves them itself, only when the browser
says icv itself asked for them (BREACH: icv.compression)."""

import gzip

import pytest

from icv import create_app
from tests import factories
from tests.conftest import TEST_CONFIG

OWN = {"Sec-Fetch-Site": "same-origin"}


def test_a_page_is_compressed_when_the_browser_takes_it(client):
    plain = client.get("/sign-in", headers=OWN)
    compressed = client.get("/sign-in", headers={"Accept-Encoding": "gzip", **OWN})
    assert plain.headers.get("Content-Encoding") is None
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed.headers["Vary"]
    assert int(compressed.headers["Content-Length"]) < len(plain.data) / 2
    html = gzip.decompress(compressed.data).decode()
    assert "<h1" in html and "Sign in" in html


def test_a_signed_in_page_and_an_api_answer_are_compressed(client, db, login_as):
    for number in range(20):
        factories.create_suite(db, f"Custody suite number {number}")
    login_as("volunteer")
    for path in ("/", "/api/v1/suites"):
        response = client.get(path, headers={"Accept-Encoding": "br, gzip", **OWN})
        assert response.status_code == 200, path
        assert response.headers["Content-Encoding"] in {"br", "gzip"}, path


@pytest.mark.parametrize("asked_from", ["cross-site", "same-site", None, "CROSS-SITE"])
def test_a_page_another_site_asked_for_is_not_compressed(client, asked_from):
    """Nor one asked for without saying who asked: an old browser, whose requests another
    site could drive (stranger review)."""
    headers = {"Accept-Encoding": "gzip"}
    if asked_from is not None:
        headers["Sec-Fetch-Site"] = asked_from
    response = client.get("/sign-in", headers=headers)
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") is None
    assert "Sign in" in response.get_data(as_text=True)


@pytest.mark.parametrize("asked_from", ["same-origin", "none"])
def test_a_page_asked_for_on_icv_itself_is_compressed(client, asked_from):
    response = client.get(
        "/sign-in", headers={"Accept-Encoding": "gzip", "Sec-Fetch-Site": asked_from}
    )
    assert response.headers["Content-Encoding"] == "gzip"


def test_a_proxy_in_front_may_compress_instead(database_url):
    app = create_app({**TEST_CONFIG, "DATABASE_URL": database_url, "COMPRESS_PAGES": False})
    response = app.test_client().get("/sign-in", headers={"Accept-Encoding": "gzip", **OWN})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") is None
    app.extensions["icv.engine"].dispose()
