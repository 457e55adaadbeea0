"""The armskg command line: thin commands over the API; exit 0 ok, 1 the answer is "no", 2 error."""

from __future__ import annotations

import argparse
import sys

from armskg.errors import ArmskgError, ParameterError

EXIT_OK, EXIT_NO, EXIT_ERROR = 0, 1, 2

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import NoReturn

    from armskg.api import KnowledgeGraph
    from armskg.sparql.named import NamedQuery


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"armskg: error: {message} (see 'armskg --help')\n")


def _folder(text: str) -> str:
    """A folder to write into, never an empty name: "" (an unset shell variable) would be the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty name (an unset variable?): name the folder")
    return text


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="armskg", description="A knowledge graph of arms-control relationships.")
    parser.add_argument("--version", action="version", version=f"armskg {_version()}")
    parser.add_argument("--root", help="folder holding ontology/, graph/, queries/ (default: the packaged data)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    b = sub.add_parser("build", help="load, derive, validate and write the compiled artifact")
    b.add_argument("--artifact", help="directory to write the artifact to (default: in the user cache directory)")

    v = sub.add_parser("validate", help="validate the graph: exit 0 conforms, 1 violations, 2 error")
    v.add_argument("--format", choices=("text", "turtle", "json"), default="text")

    q = sub.add_parser("query", help="run a named query, a .rq file, or SPARQL given with -e")
    q.add_argument("name", nargs="?", help="a named query (see 'armskg queries') or a .rq file")
    q.add_argument("-e", "--expression", metavar="SPARQL", help="ad-hoc SPARQL: SELECT, ASK, CONSTRUCT or DESCRIBE "
                                                                  "('-' reads standard input)")
    q.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE", help="a query parameter")
    q.add_argument("--as-of", metavar="YYYY-MM-DD", help="the date the answer holds on (default: today; in -e or a .rq file of your own it binds "
                                                   "?as_of, today too, unless the query gives ?as_of values itself)")
    q.add_argument("--format", choices=("table", "csv", "tsv", "json", "md", "turtle", "ntriples", "jsonld"),
                   default="table", help="table, csv, tsv, json or md for SELECT and ASK; turtle (the default), "
                                         "ntriples or jsonld for CONSTRUCT and DESCRIBE")
    q.add_argument("--max-memory-mib", type=int, default=2048, metavar="MIB",
                   help="memory an ad-hoc query may take before it is stopped (default: 2048)")
    q.add_argument("--artifact", help="read this compiled artifact (a directory) instead of the cached one")
    q.add_argument("--endpoint", metavar="URL", help="run it on this SPARQL 1.1 endpoint instead (e.g. a store "
                                                      "'armskg push' filled); names are resolved locally")
    q.add_argument("--graph", metavar="IRI", help="with --endpoint: the graph to query (sent as default-graph-uri)")

    sv = sub.add_parser("serve", help="serve a read-only SPARQL 1.1 endpoint, a page and the named queries over HTTP")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    sv.add_argument("--port", type=int, default=7878, help="port to listen on (default: 7878)")
    sv.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="stop a query after this long "
                                                                                  "(default: 10)")
    sv.add_argument("--client-timeout", type=float, default=10.0, metavar="SECONDS",
                    help="close a connection whose client takes longer than this to send a request's headers or "
                         "body, or stops taking its answer for this long (default: 10)")
    sv.add_argument("--workers", type=int, metavar="N", help="queries answered at once (default: cores, at most 4)")
    sv.add_argument("--max-rows", type=int, default=50_000, metavar="N", help="refuse answers longer than this (default: 50000)")
    sv.add_argument("--max-request-kib", type=int, default=64, metavar="KIB", help="refuse larger requests (default: 64)")
    sv.add_argument("--max-memory-mib", type=int, default=1024, metavar="MIB",
                    help="memory a worker may take for a query beyond the graph it holds (default: 1024)")
    sv.add_argument("--artifact", help="serve this compiled artifact (a directory) instead of the cached one")

    pu = sub.add_parser("push", help="upload the graph to a SPARQL 1.1 Graph Store (Oxigraph, Fuseki, GraphDB, ...)")
    pu.add_argument("--endpoint", metavar="URL", required=True, help="the store's Graph Store Protocol URL "
                                                                     "(Oxigraph: http://HOST:7878/store)")
    pu.add_argument("--graph", metavar="IRI", help="upload into this named graph (default: the default graph)")
    pu.add_argument("--replace", action="store_true", help="replace that graph's content (PUT) instead of adding (POST)")
    pu.add_argument("--artifact", help="push this compiled artifact (a directory) instead of the cached one")

    d = sub.add_parser("dump", help="write a versioned release of the dataset: N-Quads, Turtle per graph, JSON-LD, "
                                    "CSV tables, VoID/DCAT, licences and SHA256SUMS")
    d.add_argument("-o", "--output", required=True, type=_folder, metavar="DIR", help="a new or empty folder, or an earlier "
                                                                      "armskg dump to replace")
    d.add_argument("--artifact", help="dump this compiled artifact (a directory) instead of the cached one")

    sub.add_parser("queries", help="list the named queries with their parameters")

    c = sub.add_parser("changes", help="report every change of status between two dates, with sources")
    c.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD", help="changes after this date")
    c.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="changes up to this date, inclusive (default: today)")
    c.add_argument("--treaty", help="only this treaty (code, alias or name)")
    c.add_argument("--format", choices=("text", "md", "json"), default="text")

    t = sub.add_parser("timeline", help="report what a state did, treaty by treaty, with sources")
    t.add_argument("state", help="an ISO 3166 alpha-3 code or a name")
    t.add_argument("--treaty", help="only this treaty (code, alias or name)")
    t.add_argument("--as-of", metavar="YYYY-MM-DD", help="up to this date (default: today)")
    t.add_argument("--format", choices=("text", "md", "json"), default="text")
    ck = sub.add_parser("check", help="check a text's claims about treaties against the record, with the evidence")
    ck.add_argument("file", metavar="FILE|-", help="the text to check (UTF-8; '-' reads standard input); a first line "
                                                    "'date: YYYY-MM-DD' gives its date")
    ck.add_argument("--as-of", metavar="YYYY-MM-DD", help="read the record as of this date (default: the text's "
                                                          "date line, else today)")
    ck.add_argument("--format", choices=("text", "md", "json"), default="text")
    s = sub.add_parser("stats", help="the data report: per treaty and per kind of fact, with the share sourced")
    s.add_argument("--as-of", metavar="YYYY-MM-DD", help="count what was known on this date, and the parties then "
                                                        "(default: today)")
    s.add_argument("--format", choices=("table", "csv", "tsv", "json", "md"), default="table")
    for p in (c, t, s, ck):
        p.add_argument("--artifact", help="read this compiled artifact (a directory) instead of the cached one")

    pictures = {"plot": "draw a chart: party-counts, the parties at the end of each year (a line per treaty)",
                "map": "draw a map of every state's status towards a treaty on a date"}
    for name, text in pictures.items():
        pic = sub.add_parser(name, help=text, description=text + " (needs: pip install 'armskg[pictures]')")
        if name == "plot":
            pic.add_argument("chart", choices=("party-counts",), help="the chart to draw")
        pic.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE",
                         help="treaty=NAME" + (" (repeat it, or give a comma list, for several)" if name == "plot" else ""))
        pic.add_argument("--as-of", metavar="YYYY-MM-DD", help="the date the picture shows (default: today)")
        if name == "map":
            pic.add_argument("--region", default="world", help="world (default), africa, americas, asia, baltic, "
                             "europe, middle-east or oceania")
        pic.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write: .svg or .png")
        pic.add_argument("--artifact", help="read this compiled artifact (a directory) instead of the cached one")
    x = sub.add_parser("export", help="export a view of the graph for a graph viewer (Gephi, Cytoscape, yEd, Graphviz, a browser)")
    x.add_argument("--format", help="graphml, gexf, cytoscape, dot, jsonld or html (default: from the -o file's extension)")
    x.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of standard output")
    x.add_argument("--view", default="relations", help="relations (default), borders, rdf, or map (html only: the map through time)")
    x.add_argument("--treaty", action="append", default=[], metavar="NAME", help="keep only this treaty (repeatable)")
    x.add_argument("--as-of", metavar="YYYY-MM-DD", help="keep only what holds on this date (borders view: default today)")
    x.add_argument("--region", metavar="STATE[:HOPS],...", help="keep only these states and those within HOPS borders (default 1)")
    x.add_argument("--artifact", help="read this compiled artifact (a directory) instead of the cached one")
    d = sub.add_parser("docs", help="write the ontology's documentation (classes, properties, statuses, shapes) as HTML")
    d.add_argument("-o", "--output", required=True, type=_folder, metavar="DIR", help="the folder to write index.html into")
    d.add_argument("--artifact", help="read this compiled artifact (a directory) instead of the cached one")
    return parser


def _version() -> str:
    from armskg import __version__

    return __version__


def _params(pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ArmskgError(f"bad parameter {pair[:40]!r}: expected KEY=VALUE")
        name = key.strip().replace("-", "_")
        if name in values:  # the last would win silently, and the caption would name both
            raise ArmskgError(f"-p {name} given twice ({values[name][:40]!r}, {value[:40]!r}): a query takes one value each")
        values[name] = value
    return values


def _cmd_build(args: argparse.Namespace) -> int:
    from armskg.build import build

    result = build(args.root, args.artifact)
    if not result.report.conforms:
        print(result.report.to_text())
        return EXIT_NO
    print(f"built {result.artifact} ({len(result.store)} quads, {result.derivation.dates} derived dates, "
          f"{result.derivation.pending} pending withdrawals); the graph conforms")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from armskg.build import compile_dataset
    from armskg.resources import data_root

    report = compile_dataset(data_root(args.root), timeline=False).report
    text = {"text": report.to_text, "turtle": report.to_turtle, "json": report.to_json}[args.format]()
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK if report.conforms else EXIT_NO


def _cmd_query(args: argparse.Namespace) -> int:
    from armskg.sparql.terms import parse_date

    if bool(args.name) == bool(args.expression):
        raise ArmskgError("give a query name, a .rq file, or -e SPARQL (one of them)")
    params = _params(args.param)
    given = params.pop("as_of", None)
    if args.as_of is not None:
        if given is not None and given != args.as_of:
            raise ArmskgError(f"two dates: -p as_of={given[:40]} and --as-of {args.as_of[:40]}: give one")
        given = args.as_of
    as_of = parse_date(given, "as_of").isoformat() if given is not None else None
    if args.graph and not args.endpoint:
        raise ArmskgError("--graph goes with --endpoint")
    if args.max_memory_mib < 1:
        raise ArmskgError("--max-memory-mib must be a positive number")
    if args.expression and args.expression == "-":
        args.expression = sys.stdin.read()
    if args.endpoint or not (args.expression or args.name.endswith(".rq")):
        return _query_named_or_remote(args, params, as_of)
    from armskg.sandbox import memory_message, run_confined

    # a user's SPARQL runs in a child process that cannot open a network socket, within a memory budget
    # (set once the graph is open), and that Ctrl-C stops at once
    opened: list[KnowledgeGraph] = []
    memory = memory_message(args.max_memory_mib).removeprefix("armskg: error: ")
    return run_confined(lambda: _safely(lambda: _query_adhoc(opened[0], args, params, as_of), args, memory),
                        args.max_memory_mib, lambda: _safely(lambda: _open_for_adhoc(args, opened), args))


def _query_named_or_remote(args: argparse.Namespace, params: dict[str, str], as_of: str | None) -> int:
    from armskg.api import load
    from armskg.sparql.results import format_result

    _table_format(args.format)
    if args.endpoint:
        from armskg.remote import check_target

        check_target(args.endpoint, args.graph)  # before the graph is loaded, or built
    kg = load(args.root, args.artifact, in_memory=False)
    if not args.expression:
        from armskg.sparql.named import load_named

        _no_date_unless_taken(load_named(kg.root, args.name), args, as_of)
    if args.expression:
        result = kg.sparql_endpoint(args.endpoint, args.expression, as_of=as_of, params=params, graph=args.graph)
    elif args.endpoint:
        result = kg.query_endpoint(args.endpoint, args.name, as_of=as_of, graph=args.graph, **params)
    else:
        result = kg.query(args.name, as_of=as_of, **params)
    if args.format in ("table", "md") and args.name:
        shown = " ".join(args.param)
        print(f"{args.name} {shown}".rstrip() + (f" — as of {result.as_of}" if result.as_of else "")
              + f" — {len(result)} row(s)")
        for note in result.notes:
            print(f"note: {note}")
    sys.stdout.write(format_result(result, args.format))
    return EXIT_OK


def _no_date_unless_taken(named: NamedQuery, args: argparse.Namespace, as_of: str | None) -> None:
    """A date given to a query that takes none (disputed-claims, changes) is refused, as an unknown -p is: it
    was dropped without a word, and the answer looked like one for that date."""
    if as_of is not None and not named.dated:
        flag = "--as-of" if args.as_of is not None else "-p as_of"
        raise ArmskgError(f"query {named.name!r} takes no {flag}: {named.why_no_date()}")


def _table_format(fmt: str) -> None:
    if fmt in ("turtle", "ntriples", "jsonld"):
        raise ArmskgError(f"--format {fmt} is for CONSTRUCT and DESCRIBE answers; a table is table, csv, tsv, json or md")


def _open_for_adhoc(args: argparse.Namespace, opened: list[KnowledgeGraph]) -> int:
    """Open the graph for a user's SPARQL and run a first query (the engine's query thread starts), so that
    the memory budget set next is the user's query's alone."""
    from armskg.api import load

    kg = load(args.root, args.artifact, in_memory=False)
    kg.sparql("ASK {}")
    opened.append(kg)
    return EXIT_OK


def _query_adhoc(kg: KnowledgeGraph, args: argparse.Namespace, params: dict[str, str], as_of: str | None) -> int:
    """A user's SPARQL (-e or a .rq file), run by the API's guard, with -p and --as-of bound."""
    from armskg.sparql.named import load_named

    named = load_named(kg.root, args.name) if args.name else None
    if named is not None and named.params:  # a file that declares its parameters (#+ params:) runs as a named
        _no_date_unless_taken(named, args, as_of)
        result = kg.run(args.name, as_of=as_of, **params)  # query, whatever its form (ASK, CONSTRUCT, ...)
    else:  # -e, or a file without a header: any query form, -p and --as-of bound by their names
        result = kg.sparql(named.text if named is not None else args.expression, as_of=as_of, params=params)
    _print_answer(result, args.format)
    return EXIT_OK


def _print_answer(answer: object, fmt: str) -> None:
    from armskg.sparql.results import Result, format_result

    if isinstance(answer, Result):
        _table_format(fmt)
        sys.stdout.write(format_result(answer, fmt))
    elif isinstance(answer, bool):
        _table_format(fmt)
        import json

        text = json.dumps({"head": {}, "boolean": answer}) if fmt == "json" else str(answer).lower()
        sys.stdout.write(text + "\n")
    else:
        from armskg.sparql.adhoc import graph_bytes

        if fmt not in ("table", "turtle", "ntriples", "jsonld"):
            raise ArmskgError(f"a CONSTRUCT or DESCRIBE answer is a graph: --format turtle, ntriples or jsonld, not {fmt}")
        sys.stdout.buffer.write(graph_bytes(answer, "turtle" if fmt == "table" else fmt))  # type: ignore[arg-type]
        sys.stdout.flush()


def _cmd_changes(args: argparse.Namespace) -> int:
    from armskg.api import load

    kg = load(args.root, args.artifact, in_memory=False)
    sys.stdout.write(kg.changes(args.start, args.end, treaty=args.treaty).render(args.format))
    return EXIT_OK


def _cmd_timeline(args: argparse.Namespace) -> int:
    from armskg.api import load

    kg = load(args.root, args.artifact, in_memory=False)
    sys.stdout.write(kg.timeline(args.state, as_of=args.as_of, treaty=args.treaty).render(args.format))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from armskg.api import load
    from armskg.check import MAX_CHARS
    from armskg.sparql.terms import parse_date

    as_of = parse_date(args.as_of, "as_of") if args.as_of is not None else None
    limit = MAX_CHARS * 4 + 1  # bytes: at most four per character in UTF-8
    if args.file == "-":
        data, what = sys.stdin.buffer.read(limit), "standard input"
    else:
        try:
            with open(args.file, "rb") as handle:
                data = handle.read(limit)
        except OSError as exc:
            raise ArmskgError(f"cannot read {args.file}: {exc.strerror or exc}") from None
        what = args.file
    if len(data) >= limit:
        raise ArmskgError(f"{what} is too long (more than {MAX_CHARS:,} characters)")
    from armskg.check.text import read_text

    text = read_text(data, what)
    report = load(args.root, args.artifact, in_memory=False).check(text, as_of=as_of)
    sys.stdout.write(report.render(args.format))
    return EXIT_NO if any(c.verdict == "contradicted" for c in report.claims) else EXIT_OK


def _cmd_stats(args: argparse.Namespace) -> int:
    from armskg.api import load
    from armskg.sparql.results import format_result

    treaties, facts = load(args.root, args.artifact, in_memory=True).stats(as_of=args.as_of)
    if args.format == "json":  # the two tables as SPARQL 1.1 Query Results JSON, typed (counts, dates, shares)
        import json

        tables = {"as_of": treaties.as_of, "notes": treaties.notes, "treaties": json.loads(treaties.serialize("json")),
                  "facts": json.loads(facts.serialize("json"))}
        sys.stdout.write(json.dumps(tables, indent=2) + "\n")
        return EXIT_OK
    captions = (f"Treaties: what was known on {treaties.as_of}, and the parties then", "Facts by kind (the whole graph)")
    for n, (caption, result) in enumerate(zip(captions, (treaties, facts))):
        if args.format in ("table", "md"):
            sys.stdout.write(("\n" if n else "") + (f"## {caption}\n\n" if args.format == "md" else f"{caption}\n\n"))
            sys.stdout.write("".join(f"note: {note}\n\n" for note in result.notes))
        elif n:
            sys.stdout.write("\n")
        sys.stdout.write(format_result(result, args.format))
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    from armskg.sandbox import check_budget

    check_budget(args.timeout, "--timeout")
    check_budget(args.client_timeout, "--client-timeout")
    if args.max_rows < 1 or args.max_request_kib < 1 or (args.workers is not None and args.workers < 1) \
            or args.max_memory_mib < 1:  # --workers 0 was taken as "not given"
        raise ArmskgError("--workers, --max-rows, --max-request-kib and --max-memory-mib must be positive")
    if not 0 <= args.port <= 65535:
        raise ArmskgError(f"--port must be from 0 (any free port) to 65535, not {args.port}")
    from armskg.serve import Limits, serve  # after the checks: a mistyped limit is refused before 0.05 s of imports

    serve(args.root, args.artifact, args.host, args.port,
          Limits(args.timeout, args.max_rows, args.max_request_kib * 1024, args.workers,
                 memory_mib=args.max_memory_mib, client_seconds=args.client_timeout))
    return EXIT_OK


def _cmd_push(args: argparse.Namespace) -> int:
    import time

    from armskg.api import load
    from armskg.remote import check_target

    check_target(args.endpoint, args.graph)  # before the graph is loaded, or built: seconds a typo should not cost
    # in memory: a push reads every quad, which the snapshot gives in 0.4 s and the on-disk store in 1.5 s
    kg = load(args.root, args.artifact, in_memory=True)
    started, shown, tty = time.monotonic(), [-1], sys.stderr.isatty()

    def progress(sent: int, total: int) -> None:
        percent = sent * 100 // total
        if percent // 10 > shown[-1] // 10 or (tty and percent > shown[-1]):
            shown.append(percent)
            print(f"{chr(13) if tty else ''}pushing to {args.endpoint}: {percent}% of {total / 1e6:.1f} MB",
                  end="" if tty else "\n", file=sys.stderr, flush=True)

    try:
        count = kg.push(args.endpoint, args.graph, args.replace, progress)
    finally:
        if tty and len(shown) > 1:
            print(file=sys.stderr)
    where = f"graph <{args.graph}>" if args.graph else "the default graph"
    print(f"pushed {count} triples to {where} at {args.endpoint} ({'replaced' if args.replace else 'added'}) "
          f"in {time.monotonic() - started:.1f} s")
    return EXIT_OK


def _cmd_dump(args: argparse.Namespace) -> int:
    from pathlib import Path

    from armskg.api import load
    from armskg.release import check_target

    check_target(Path(args.output))  # before the graph is loaded (or built): a folder it may not fill is refused at once
    # in memory: a dump reads every quad and runs seven queries over the whole graph, which the store on
    # disk answers slower than a copy parsed once from the artifact's snapshot (docs/benchmarks.md)
    done = load(args.root, args.artifact, in_memory=True).dump(args.output)
    print(f"{'replaced' if done.replaced else 'wrote'} release {done.version} of the armskg dataset in {done.path} "
          f"({len(done.files)} files, {done.quads} quads); check it with: cd {done.path} && sha256sum -c SHA256SUMS")
    return EXIT_OK


def _cmd_queries(args: argparse.Namespace) -> int:
    from armskg.resources import data_root
    from armskg.sparql.named import load_named, named_queries

    root = data_root(args.root)
    for name in named_queries(root):
        q = load_named(root, name)
        params = " ".join(f"-p {p.name}=<{p.type}>" + ("" if p.required else "?") for p in q.params)
        print(f"{name}  {params}\n    {q.summary}")
    return EXIT_OK


def _picture_params(args: argparse.Namespace) -> tuple[list[str], str | None]:
    """The treaties (-p treaty=..., repeated or a comma list) and the as-of date a picture is asked for."""
    treaties: list[str] = []
    dates = [args.as_of] if args.as_of is not None else []
    for pair in args.param:
        for key, value in _params([pair]).items():
            if key == "treaty":
                treaties.append(value)
            elif key == "as_of":
                dates.append(value)
            else:
                raise ArmskgError(f"unknown parameter {key!r}: a picture takes -p treaty=NAME and --as-of")
    if len(set(dates)) > 1:  # one of them would be drawn silently, as if the other had not been given
        raise ArmskgError(f"two dates: {', '.join(d[:40] for d in dates)}: give one (--as-of)")
    return treaties, dates[0] if dates else None


def _picture_target(output: str) -> None:
    """Refuse a picture's file before the graph is loaded (or built), not after."""
    from armskg.pictures.common import output_path

    output_path(output)


def _cmd_plot(args: argparse.Namespace) -> int:
    from armskg.api import load

    treaties, as_of = _picture_params(args)
    _picture_target(args.output)
    load(args.root, args.artifact, in_memory=False).plot_party_counts(treaties, args.output, as_of=as_of)
    print(f"wrote {args.output}")
    return EXIT_OK


def _cmd_map(args: argparse.Namespace) -> int:
    from armskg.api import load

    treaties, as_of = _picture_params(args)
    if len(treaties) != 1 or "," in treaties[0]:
        raise ArmskgError("a map shows one treaty: give one -p treaty=NAME")
    _picture_target(args.output)
    load(args.root, args.artifact, in_memory=False).plot_map(treaties[0], args.output, as_of=as_of, region=args.region)
    print(f"wrote {args.output}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from armskg import export
    from armskg.api import load

    if args.format is None:
        if not args.output:
            raise ArmskgError("give --format (graphml, gexf, cytoscape, dot, jsonld or html) or -o FILE with its extension")
        args.format = export.format_for(args.output)
    if args.format not in export.EXPORT_FORMATS:
        raise ArmskgError(f"unknown format {args.format!r}; known: {', '.join(export.EXPORT_FORMATS)}")
    if args.view not in export.VIEWS:
        raise ArmskgError(f"unknown view {args.view!r}; known: {', '.join(export.VIEWS)}")
    if args.output:
        from armskg.outputs import check_target

        check_target(args.output, args.format)  # before any work: nothing armskg did not write is replaced
    if args.as_of is not None:
        from armskg.sparql.terms import parse_date

        parse_date(args.as_of, "as_of")  # a bad date, too, before the graph is loaded
    kg = load(args.root, args.artifact, in_memory=_export_in_memory(args))
    data = kg.export(args.format, view=args.view, treaty=args.treaty or None, as_of=args.as_of, region=args.region)
    if args.output:
        export.write(data, args.output, args.format)
        print(f"wrote {args.output}")  # as plot and map say what they wrote
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return EXIT_OK


def _export_in_memory(args: argparse.Namespace) -> bool:
    """Whether an export reads the graph copied into memory (0.4 s of CPU) or on disk. The pages, the borders
    and rdf views and an unfiltered JSON-LD read much of the graph, which the on-disk store answers slower than
    the copy costs (the HTML view: 4.5 s on disk, 1.6 s with the copy; the borders view 1.9 against 0.85 s).
    The relations view in a graph format reads a few queries' rows, which cost less on disk than the copy
    (graphml of Ottawa around Lithuania 0.36 against 0.80 s of CPU; the whole view 0.68 against 0.82 s)."""
    narrowed = bool(args.treaty or args.region)
    return not (args.view == "relations" and (args.format in ("graphml", "gexf", "cytoscape", "dot")
                                              or (args.format == "jsonld" and narrowed)))


#: The API's parameter names as the command line's flags say them.
_FLAGS = {"as_of": "--as-of", "from_": "--from", "to": "--to", "region": "--region", "format": "--format"}


def _flag_for(args: argparse.Namespace) -> Callable[[str], str]:
    """How a parameter is named where _FLAGS does not say: a query's parameters are given with -p (its
    date with --as-of, if that is how it was given); a picture's treaty with -p; others as --treaty."""
    if args.command == "query":
        return lambda name: "--as-of" if name == "as_of" and args.as_of is not None else f"-p {name.rstrip('_')}"
    if args.command in ("plot", "map"):
        return lambda name: f"-p {name}"
    return lambda name: f"--{name.rstrip('_').replace('_', '-')}"


def _cmd_docs(args: argparse.Namespace) -> int:
    from armskg.api import load
    from armskg.ontodocs import docs_target, write_docs

    docs_target(args.output)  # before the graph is loaded (or built)
    kg = load(args.root, args.artifact, in_memory=True)
    print(f"wrote {write_docs(kg.store, kg.root, args.output)}", file=sys.stderr)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    _quiet_libraries()
    args = _parser().parse_args(argv)
    commands = {"build": _cmd_build, "validate": _cmd_validate, "query": _cmd_query, "queries": _cmd_queries,
                "changes": _cmd_changes, "timeline": _cmd_timeline, "check": _cmd_check,
                "stats": _cmd_stats, "plot": _cmd_plot,
                "map": _cmd_map, "serve": _cmd_serve, "push": _cmd_push, "export": _cmd_export,
                "docs": _cmd_docs, "dump": _cmd_dump}
    return _safely(lambda: commands[args.command](args), args)


def _safely(command: Callable[[], int], args: argparse.Namespace | None = None, memory: str = "out of memory") -> int:
    """Run a command under the exit-code contract: one line on standard error, never a traceback; a closed
    pipe (``armskg ... | head -1``) ends it quietly with 0; Ctrl-C with 130; ``memory`` says what running
    out of memory means."""
    try:
        code = command()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)  # nothing more can reach the reader; say nothing at exit
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except ParameterError as exc:  # the API names its parameters (as_of); say the flag the user typed
        names = {} if args is None or args.command == "query" else _FLAGS
        print(f"armskg: error: {exc.worded(names, _flag_for(args)) if args is not None else exc}", file=sys.stderr)
        return EXIT_ERROR
    except ArmskgError as exc:
        print(f"armskg: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except MemoryError:
        print(f"armskg: error: {memory}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the contract is one line, never a traceback
        print(f"armskg: internal error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
              file=sys.stderr)
        return EXIT_ERROR


def _quiet_libraries() -> None:
    """rdflib logs warnings with tracebacks (an ill-formed date while validating, an odd IRI): the command
    line reports problems itself, in one line each."""
    import logging

    for name in ("rdflib", "pyshacl"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


if __name__ == "__main__":
    sys.exit(main())
