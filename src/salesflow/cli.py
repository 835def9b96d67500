"""The command line: the only place in salesflow that reads files or prints.

``python -m salesflow demo`` walks through the bundled sample portfolio;
``python -m salesflow validate FILE --as opportunity`` checks a JSON or TOML
file (or standard input, ``-``) and reports every problem with its path;
``python -m salesflow schema KIND`` prints the JSON Schema of a record or
definition.

Exit codes: 0 valid (or done), 1 invalid data (including text that is not
JSON or TOML), 2 a usage error or a file that cannot be read, 141 the
reader of the output went away.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from salesflow import _demo
from salesflow._version import __version__
from salesflow.convert import _parse_json, from_dict
from salesflow.exceptions import Problem, SalesflowError, ValidationError
from salesflow.kinds import KINDS as SCHEMA_KINDS
from salesflow.kinds import json_schema
from salesflow.locales import LOCALES, default_catalogs
from salesflow.playbooks import Playbook, load_playbook
from salesflow.records import Portfolio
from salesflow.schema import schema_for
from salesflow.stored import document_schema, from_document

__all__ = ["main"]

#: What ``validate --as`` accepts: every kind of record and definition, and playbooks.
KINDS: dict[str, type[Any]] = {**SCHEMA_KINDS, "playbook": Playbook}
#: ``validate`` without ``--as``: a stored document says its kind, anything else is a playbook.
DETECT = "detect"
_ENVELOPE = frozenset({"kind", "version", "data"})


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

    _validate_parser(commands)
    schema = commands.add_parser(
        "schema", help="print the JSON Schema of a kind of record or definition"
    )
    schema.add_argument("kind", choices=list(KINDS), help="the kind (e.g. opportunity)")
    schema.add_argument(
        "--document",
        action="store_true",
        help="the schema of the kind's stored documents (kind, version and data)",
    )
    return parser


def _validate_parser(commands: Any) -> None:
    validate = commands.add_parser(
        "validate",
        help="check a JSON or TOML file and report every problem with its path",
        description="Check a record, a definition, a stored document or a playbook. "
        "Exit codes: 0 valid, 1 invalid, 2 usage error or unreadable file.",
    )
    validate.add_argument("file", help="the file to check, or - for standard input")
    validate.add_argument(
        "--as",
        dest="kind",
        default=DETECT,
        choices=[DETECT, *sorted(KINDS)],
        help="what the file holds: a single value or a list of them (default: a stored "
        "document's own kind, else a playbook)",
    )
    validate.add_argument(
        "--input-format",
        choices=["json", "toml"],
        default=None,
        help="how to read the file (default: by its extension, .toml or else JSON; "
        "standard input: JSON when it reads as JSON, else TOML)",
    )
    validate.add_argument(
        "--format",
        dest="output",
        choices=["text", "json"],
        default="text",
        help="text lines (default) or one JSON object with every problem's code, "
        "path, path parts and message",
    )
    validate.add_argument(
        "--ignore-unknown",
        action="store_true",
        help="skip keys this version does not know (data stored by a newer version)",
    )


def _schema_command(args: argparse.Namespace, out: TextIO) -> int:
    if args.document and args.kind != "playbook":
        schema = document_schema(args.kind)
    elif args.kind == "playbook":  # a playbook's version sits in the file itself
        schema = schema_for(Playbook)
    else:
        schema = json_schema(args.kind)
    print(json.dumps(schema, indent=2, ensure_ascii=False), file=out)
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


class _Unreadable(Exception):  # noqa: N818 - internal, never escapes
    """The file cannot be read (exit code 2)."""


def _read_source(file: str, stdin: BinaryIO | None) -> tuple[str, bytes]:
    """The printable name of ``file`` and its bytes (``-``: standard input)."""
    if file == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return "<stdin>", stream.read()
    name = _printable(file)
    try:
        return name, Path(file).read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        why = getattr(exc, "strerror", None) or str(exc)
        raise _Unreadable(f"salesflow: cannot read {name}: {why}") from None


def _input_format(file: str, raw: bytes, given: str | None) -> str:
    if given is not None:
        return given
    if file == "-":
        return "sniff"
    return "toml" if file.lower().endswith(".toml") else "json"


def _parse(raw: bytes, form: str) -> tuple[Any, str | None]:
    """The data in ``raw`` read as ``form`` (json, toml or sniff), or ``(None, why)``.

    ``sniff`` (standard input): JSON when the text starts with ``{``; when it
    starts with ``[``, JSON (an array) or else TOML (a table header); TOML
    otherwise.
    """
    if form == "sniff":
        start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if start != b"[":
            return _parse(raw, "json" if start == b"{" else "toml")
        data, why = _parse(raw, "json")
        if why is None:
            return data, None
        table, not_toml = _parse(raw, "toml")
        return (table, None) if not_toml is None else (None, why)
    label = form.upper()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, f"not valid {label}: the file is not UTF-8 text ({exc.reason})"
    if form == "json":
        return _parse_json(text)
    try:
        return tomllib.loads(text), None
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        return None, f"not valid TOML: {exc}"
    except RecursionError:
        return None, "not valid TOML here: nested too deeply"


def _one(data: Any, kind: str, ignore_unknown: bool) -> str:
    """Check one value as ``kind``; its kind's name, or a ValidationError."""
    if kind == "document":
        from_document(data, ignore_unknown=ignore_unknown)
        return f"{_printable(str(data['kind']))} document"
    if kind == "playbook":
        if not isinstance(data, Mapping):
            from_dict(Playbook, data)  # the message for a value that is not a table
        load_playbook(data, ignore_unknown=ignore_unknown)
        return "playbook"
    from_dict(KINDS[kind], data, ignore_unknown=ignore_unknown)
    return kind


def _check(data: Any, kind: str, ignore_unknown: bool) -> tuple[str, int, int, list[Problem]]:
    """(what, values, invalid values, every problem) of ``data`` checked as ``kind``."""
    if kind == DETECT:
        is_document = isinstance(data, Mapping) and set(data) >= _ENVELOPE
        kind = "document" if is_document else "playbook"
    listed = isinstance(data, list) and kind not in ("document", "playbook", "portfolio")
    values = data if listed else [data]
    problems: list[Problem] = []
    failures = 0
    what = kind
    for i, value in enumerate(values):
        try:
            what = _one(value, kind, ignore_unknown)
        except ValidationError as exc:
            failures += 1
            where = f"[{i}]" if listed else ""
            problems.extend(p.prefixed(where) for p in exc.problems)
    if listed:
        what = f"{len(values)} {kind} values"
    return what, len(values), failures, problems


def _report_json(out: TextIO, name: str, **fields: Any) -> None:
    print(json.dumps({"file": name, **fields}, ensure_ascii=False), file=out)


def _validate_command(
    args: argparse.Namespace, out: TextIO, err: TextIO, stdin: BinaryIO | None
) -> int:
    as_json = args.output == "json"
    try:
        name, raw = _read_source(args.file, stdin)
    except _Unreadable as exc:
        if as_json:
            _report_json(out, _printable(args.file), valid=False, error=str(exc), problems=[])
        else:
            _say(str(exc), err)
        return 2
    data, why = _parse(raw, _input_format(args.file, raw, args.input_format))
    if why is not None:
        if as_json:
            _report_json(out, name, valid=False, problems=[Problem("", why).as_dict()])
        else:
            _say(f"{name}: {why}", err)
        return 1
    what, count, failures, problems = _check(data, args.kind, args.ignore_unknown)
    if as_json:
        problem_list = [p.as_dict() for p in problems]
        _report_json(out, name, kind=what, valid=not failures, values=count,
                     invalid=failures, problems=problem_list)  # fmt: skip
        return 1 if failures else 0
    for problem in problems:
        path = problem.path or "(the value)"
        print(f"{name}: {_printable(path)}: {_printable(problem.message)}", file=out)
    if failures:
        noun = "value" if count == 1 else "values"
        print(f"{name}: {failures} of {count} {noun} invalid", file=err)
        return 1
    print(f"{name}: valid {what}", file=out)
    return 0


def main(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: BinaryIO | None = None,
) -> int:
    """Run the command line; returns the exit code.

    0 valid (or done), 1 invalid data, 2 a usage error or a file that cannot
    be read, 141 the reader of the output went away. ``stdin`` is what
    ``validate -`` reads (default: the process's standard input).
    """
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
        return _validate_command(args, out, err, stdin)
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
