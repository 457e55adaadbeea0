"""The /check page of `armskg serve` (a real server on 127.0.0.1): a pasted text's claims marked, everything
the page echoes escaped, and the text's size bounded (the session's ``server``: the default request limit, 64 KiB)."""

from __future__ import annotations

import urllib.parse

import pytest
from test_serve import get

from armskg.serve.checkpage import MAX_PAGE_CHARS

FORM = "application/x-www-form-urlencoded"


def post(base: str, **fields: str) -> tuple[int, str]:
    status, _, body = get(base + "/check", data=urllib.parse.urlencode(fields).encode(), content_type=FORM)
    return status, body.decode("utf-8")


def test_the_form(server: str) -> None:
    status, headers, body = get(server + "/check")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b'<form action="check" method="post">' in body and b'name="as_of"' in body


def test_claims_marked_with_evidence_and_escaped(server: str) -> None:
    text = "<script>alert(1)</script> Russia has never signed the Ottawa Treaty, while Belarus did not ratify it."
    status, page = post(server, text=text, as_of="2025-05-08")
    assert status == 200
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<li class="claim contradicted">' in page and "<mark>Belarus did not ratify</mark>" in page
    assert "accession of 2003-09-03" in page and 'href="https://treaties.un.org/' in page


@pytest.mark.parametrize(("fields", "message"), [
    ({"text": "a " * (MAX_PAGE_CHARS // 2 + 1)}, "the text is too long"),
    ({"text": "Belarus did not ratify the Ottawa Convention.", "as_of": "2025-02-30"}, "bad as_of"),
    ({"text": "   "}, "paste a text to check"),
    ({"text": "x" * 70_000}, "the request is larger than this server&#x27;s limit"),
], ids=["too-long", "bad-date", "empty", "request-too-large"])
def test_bad_input_is_one_line(server: str, fields: dict[str, str], message: str) -> None:
    status, page = post(server, **fields)
    assert status == 400 and f'<p class="error">{message}' in page


@pytest.mark.parametrize("repeated", ["text", "as_of"])
def test_a_field_sent_twice_is_refused(server: str, repeated: str) -> None:
    """Only the last would have been checked, the other dropped without a word."""
    fields = [("text", "Belarus did not ratify the Ottawa Convention."), ("as_of", "2025-05-08"), (repeated, "2025-05-08")]
    status, _, body = get(server + "/check", data=urllib.parse.urlencode(fields).encode(), content_type=FORM)
    assert status == 400 and f'<p class="error">{repeated} given more than once'.encode() in body
