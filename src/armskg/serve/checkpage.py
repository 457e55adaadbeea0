"""The ``/check`` page of ``armskg serve``: paste a text, see its claims about treaties marked supported,
contradicted or unverifiable, with the evidence and numbered sources (:mod:`armskg.check`).

Everything the page shows of the text or the record is HTML-escaped; a text is at most
:data:`MAX_PAGE_CHARS` characters (and the request at most the server's ``--max-request-kib``, sent within
the body deadline). The text is checked in a worker process, as a query is: under the time limit and the
memory budget, and stopped with its worker when it overruns them (it ran in the server's own process
before, with no time limit, over a second copy of the graph).
"""

from __future__ import annotations

import asyncio
import html
from pathlib import Path
from urllib.parse import parse_qs

from armskg.errors import ArmskgError

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    import pyoxigraph as ox
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from armskg.check import CheckReport
    from armskg.reports import Source
    from armskg.serve.pool import Limits
    from armskg.serve.routes import Run

#: The longest text the page checks (about 3,000 words: a long article, checked in about a second).
MAX_PAGE_CHARS = 20_000
_VERDICT_CLASS = {"supported": "supported", "contradicted": "contradicted", "unverifiable": "unverifiable"}


def check_routes(run: Run, limits: Limits) -> list[Route]:
    """The ``/check`` route: GET shows the form, POST has a worker (``run``) check the text and shows the claims."""
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    from armskg.serve.protocol import Refused

    def respond(body: str, status: int = 200) -> Response:
        return HTMLResponse(body, status, headers={"Content-Security-Policy": CSP})

    async def page(request: Request) -> Response:
        if request.method == "GET":
            return respond(render_page())
        text, as_of = "", ""
        try:
            text, given = await _form(request, limits.max_request_bytes, limits.client_seconds)
            as_of = given or ""
            status, _, body = await run(("check", (text, given)))
        except Refused as exc:
            status, body = exc.status, str(exc).encode()
        except ArmskgError as exc:
            status, body = 400, str(exc).encode()
        if status != 200:
            return respond(render_page(text, as_of, error=body.decode("utf-8", "replace").strip()), status)
        return respond(render_page(text, as_of, results=body.decode("utf-8")))

    return [Route("/check", page, methods=["GET", "POST"], name="check")]


#: The page loads nothing and runs no script; its form posts here.
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"


def check_results(store: ox.Store, root: Path, text: str, as_of: str | None) -> str:
    """The claims of a text and their evidence as HTML (the work a worker does for the page)."""
    from armskg.api import KnowledgeGraph

    return _results(KnowledgeGraph(store, root).check(text, as_of=as_of or None))


async def _form(request: Request, limit: int, seconds: float) -> tuple[str, str | None]:
    """The text and the as-of date of a form POST, refused (one line) past the size limits."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ArmskgError(f"the request is larger than this server's limit ({limit // 1024} KiB)")
    from armskg.serve.protocol import Refused

    body = bytearray()
    try:
        async with asyncio.timeout(seconds):  # a client sending a byte now and then holds no connection for ever
            async for chunk in request.stream():
                body += chunk
                if len(body) > limit:
                    raise ArmskgError(f"the request is larger than this server's limit ({limit // 1024} KiB)")
    except TimeoutError:
        raise Refused(408, f"the request's body did not arrive within {seconds:g} s") from None
    try:
        form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        raise ArmskgError("the request is not UTF-8") from None
    twice = sorted(key for key in ("text", "as_of") if len(form.get(key, [])) > 1)
    if twice:  # the last would be checked, and the others dropped without a word
        raise ArmskgError(f"{twice[0]} given more than once: send one text and at most one date")
    text = form.get("text", [""])[-1]
    if not text.strip():
        raise ArmskgError("paste a text to check")
    if len(text) > MAX_PAGE_CHARS:
        raise ArmskgError(f"the text is too long: {len(text):,} characters (this page checks at most {MAX_PAGE_CHARS:,})")
    as_of = form.get("as_of", [""])[-1].strip() or None
    return text, as_of


def render_page(text: str = "", as_of: str = "", results: str = "", error: str = "") -> str:
    """The page: the form (with the text sent back, escaped), an error, or the claims and their evidence
    (``results``, HTML from :func:`check_results`)."""
    from importlib.resources import files
    from string import Template

    template = Template(files("armskg.serve").joinpath("check.html").read_text(encoding="utf-8"))
    return template.substitute(text=html.escape(text), as_of=html.escape(as_of), max_chars=f"{MAX_PAGE_CHARS:,}",
                               error=f'<p class="error">{html.escape(error)}</p>' if error else "",
                               results=results)


def _results(report: CheckReport) -> str:
    from armskg.check.render import summary

    numbers: dict[str, int] = {}
    cited: list[Source] = []
    items = []
    for claim in report.claims:
        start, end = claim.sentence
        before, after = report.text[start:claim.start], report.text[claim.end:end]
        verdict = _VERDICT_CLASS.get(claim.verdict, "unverifiable")
        evidence = []
        for fact in claim.evidence:
            for key, source in fact.sources.items():
                if key not in numbers:
                    numbers[key] = len(cited) + 1
                    cited.append(source)
            refs = "".join(f'<a href="#source-{n}">[{n}]</a>' for n in sorted(numbers[k] for k in fact.sources))
            evidence.append(f"<li>{html.escape(fact.text)} {refs}</li>")
        items.append(
            f'<li class="claim {verdict}"><p><span class="verdict">{html.escape(claim.verdict)}</span> '
            f"{html.escape(claim.words)}</p><blockquote>{html.escape(before)}<mark>{html.escape(claim.quote)}</mark>"
            f"{html.escape(after)}</blockquote><ul>{''.join(evidence)}</ul></li>")
    sources = "".join(f'<li id="source-{n}">{_cite(s)}</li>' for n, s in enumerate(cited, 1))
    return (f"<h2>Claims</h2><p>{html.escape(summary(report))}</p><ol class=\"claims\">{''.join(items)}</ol>"
            + (f"<h2>Sources</h2><ol>{sources}</ol>" if sources else ""))


def _cite(source: Source) -> str:
    """A source as a line with its link (only an http(s) URL becomes a link)."""
    text = html.escape(source.cite().removesuffix(source.url).rstrip())
    url = html.escape(source.url, quote=True)
    link = f'<a href="{url}" rel="noreferrer">{url}</a>' if source.url.startswith(("http://", "https://")) else url
    return f"{text} {link}"
