"""The command line: the only place in salesflow that reads files or prints.

``python -m salesflow demo`` walks through the bundled sample portfolio;
``python -m salesflow validate FILE --as opportunity`` checks a JSON file and
reports every problem with its path; ``python -m salesflow schema KIND``
prints the JSON Schema of a record or definition.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from salesflow import _demo
from salesflow._version import __version__
from salesflow.convert import _parse_json, from_dict
from salesflow.exceptions import SalesflowError, ValidationError
from salesflow.kinds import KINDS as SCHEMA_KINDS
from salesflow.kinds import json_schema
from salesflow.locales import LOCALES, default_catalogs
from salesflow.records import Activity, Contact, Customer, Lead, Opportunity, Portfolio

__all__ = ["main"]

#: What ``validate --as`` accepts, and the class each name builds.
KINDS: dict[str, type[Any]] = {
    "opportunity": Opportunity,
    "customer": Customer,
    "contact": Contact,
    "lead": Lead,
    "activity": Activity,
    "portfolio": Portfolio,
}


def _locale(text: str) -> str:
    """A ``--locale`` value as its catalog name (``zh``, ``zh-CN``, ``zh-Hans-CN``: zh-Hans)."""
    try:
        return default_catalogs().normalise(text)
    except ValidationError:
        raise argparse.ArgumentTypeError(
            f"unknown locale {text!r} (expected one of {', '.join(LOCALES)}, or zh, zh-CN)"
        ) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="salesflow",
        description="salesflow: sales pipelines, checklists, scoring and time rules.",
    )
    parser.add_argument("--version", action="version", version=f"salesflow {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="walk through the bundled sample portfolio")
    demo.add_argument(
        "--locale",
        default="en",
        type=_locale,
        help="language of the labels: en or zh-Hans (zh, zh-CN, zh-Hans-CN too; default: en)",
    )
    demo.add_argument(
        "--data", type=Path, default=None, help="a portfolio JSON file instead of the sample"
    )

    validate = commands.add_parser(
        "validate", help="check a JSON file and report every problem with its path"
    )
    validate.add_argument("file", type=Path, help="the JSON file to check")
    validate.add_argument(
        "--as",
        dest="kind",
        required=True,
        choices=sorted(KINDS),
        help="what the file holds (a single value, or a list of them)",
    )
    schema = commands.add_parser(
        "schema", help="print the JSON Schema of a kind of record or definition"
    )
    schema.add_argument("kind", choices=list(SCHEMA_KINDS), help="the kind (e.g. opportunity)")
    return parser


def _schema_command(args: argparse.Namespace, out: TextIO) -> int:
    print(json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False), file=out)
    return 0


def _printable(text: str) -> str:
    """``text`` as one printable line: a newline, a NUL or a lone surrogate is escaped.

    Everything the CLI prints that it did not write itself (file names, keys,
    messages quoting the data) goes through here, so data cannot forge a line
    of output nor make printing fail.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _say(text: str, file: TextIO) -> None:
    """Print ``text``, each of its own lines made printable."""
    for line in text.split("\n"):
        print(_printable(line), file=file)


def _read_json(path: Path, err: TextIO) -> tuple[bool, Any]:
    name = _printable(str(path))
    try:
        raw = path.read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        why = getattr(exc, "strerror", None) or str(exc)
        _say(f"salesflow: cannot read {name}: {why}", err)
        return False, None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _say(f"{name}: not valid JSON: the file is not UTF-8 text ({exc.reason})", err)
        return False, None
    data, why = _parse_json(text)
    if why is not None:
        _say(f"{name}: {why}", err)
        return False, None
    return True, data


def sample_portfolio_text() -> str:
    """The bundled sample portfolio, as JSON text."""
    return resources.files("salesflow").joinpath("data/sample_portfolio.json").read_text("utf-8")


def _demo_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.data is None:
        data = json.loads(sample_portfolio_text())
        source = default_catalogs().label("demo.source.sample", args.locale)
    else:
        ok, data = _read_json(args.data, err)
        if not ok:
            return 1
        source = _printable(str(args.data))
    try:
        portfolio = from_dict(Portfolio, data)
    except ValidationError as exc:
        _say(f"{source}: {exc}", err)
        return 1
    header = default_catalogs().format(
        "demo.header", args.locale, version=__version__, source=source
    )
    print(header, file=out)
    for line in _demo.walkthrough(portfolio, args.locale):
        print(_printable(line), file=out)
    return 0


def _validate_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    ok, data = _read_json(args.file, err)
    if not ok:
        return 1
    cls = KINDS[args.kind]
    name = _printable(str(args.file))
    values = data if isinstance(data, list) and args.kind != "portfolio" else [data]
    failures = 0
    for i, value in enumerate(values):
        where = f"[{i}]" if isinstance(data, list) and args.kind != "portfolio" else ""
        try:
            from_dict(cls, value)
        except ValidationError as exc:
            failures += 1
            for problem in exc.problems:
                path = problem.prefixed(where).path or "(the value)"
                print(f"{name}: {_printable(path)}: {_printable(problem.message)}", file=out)
    if failures:
        noun = "value" if len(values) == 1 else "values"
        print(f"{name}: {failures} of {len(values)} {noun} invalid", file=err)
        return 1
    what = args.kind if len(values) == 1 else f"{len(values)} {args.kind} values"
    print(f"{name}: valid {what}", file=out)
    return 0


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code (0 ok, 1 invalid data, 2 usage)."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    for stream in (out, err):  # a terminal that cannot show a character gets an escape
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(out)
        return 2
    try:
        if args.command == "demo":
            return _demo_command(args, out, err)
        if args.command == "schema":
            return _schema_command(args, out)
        return _validate_command(args, out, err)
    except SalesflowError as exc:
        _say(f"salesflow: {exc}", err)
        return 1
    except BrokenPipeError:
        # the reader went away (`salesflow demo | head`): stop quietly, as a Unix
        # tool does; stdout is pointed at devnull so the interpreter's final flush
        # cannot raise again
        if out is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 141
