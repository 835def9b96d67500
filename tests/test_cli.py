"""The command line: demo, validate, --help and --version."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import salesflow
from salesflow.cli import main, sample_portfolio_text


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_version() -> None:
    with pytest.raises(SystemExit):
        # argparse's version action prints and exits; main turns it into a code
        raise SystemExit(main(["--version"]))
    code, _, _ = run("--version")
    assert code == 0


def test_no_command_prints_help_and_exits_2() -> None:
    code, out, _ = run()
    assert code == 2
    assert "demo" in out
    assert "validate" in out


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_demo_runs_on_the_bundled_sample(locale: str) -> None:
    code, out, err = run("demo", "--locale", locale)
    assert code == 0, err
    assert "Hengtai" in out
    title = "== The sample portfolio ==" if locale == "en" else "== 示例客户组合 =="
    assert title in out


def test_demo_rejects_a_bad_portfolio_file(tmp_path: Path) -> None:
    data = json.loads(sample_portfolio_text())
    data["opportunities"][0]["customer_id"] = "c-nobody"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run("demo", "--data", str(bad))
    assert code == 1
    assert "opportunities[0].customer_id: unknown customer 'c-nobody'" in err
    data["as_of"] = "2026-03-16T09:00:00"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run("demo", "--data", str(bad))
    assert code == 1
    assert "as_of: naive datetime" in err


def test_validate_a_good_opportunity(tmp_path: Path) -> None:
    data = json.loads(sample_portfolio_text())["opportunities"][0]
    path = tmp_path / "opp.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run("validate", str(path), "--as", "opportunity")
    assert code == 0
    assert "valid opportunity" in out


def test_validate_reports_every_path_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "opp.json"
    path.write_text(
        json.dumps(
            {
                "id": "o-1",
                "customer_id": "c-1",
                "owner": 7,
                "pipeline": "basic",
                "stage": "prospect_list",
                "amount": {"amount": 12.5, "currency": "CNY"},
                "created_at": "2026-03-01T09:00:00",
                "colour": "red",
            }
        ),
        encoding="utf-8",
    )
    code, out, err = run("validate", str(path), "--as", "opportunity")
    assert code == 1
    assert f"{path}: amount.amount: float 12.5 refused" in out
    assert f"{path}: owner: expected a string" in out
    assert f"{path}: created_at: naive datetime" in out
    assert f"{path}: colour: unknown key 'colour'" in out
    assert "1 of 1 value invalid" in err


def test_validate_a_list_names_the_index(tmp_path: Path) -> None:
    leads = json.loads(sample_portfolio_text())["leads"]
    leads[2]["priority"] = "urgent"
    path = tmp_path / "leads.json"
    path.write_text(json.dumps(leads), encoding="utf-8")
    code, out, _ = run("validate", str(path), "--as", "lead")
    assert code == 1
    assert f"{path}: [2].priority: 'urgent' is not a valid Priority" in out


def test_validate_the_sample_portfolio(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(sample_portfolio_text(), encoding="utf-8")
    assert run("validate", str(path), "--as", "portfolio")[0] == 0


def test_validate_missing_file_and_bad_json(tmp_path: Path) -> None:
    """A file that cannot be read exits 2; one that is not JSON is invalid data, exit 1."""
    code, _, err = run("validate", str(tmp_path / "nope.json"), "--as", "lead")
    assert code == 2
    assert "cannot read" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = run("validate", str(bad), "--as", "lead")
    assert code == 1
    assert "not valid JSON" in err


def test_unknown_kind_is_a_usage_error(tmp_path: Path) -> None:
    code, _, _ = run("validate", str(tmp_path / "x.json"), "--as", "spaceship")
    assert code == 2


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "salesflow", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"salesflow {salesflow.__version__}"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "not valid JSON"),
        (b"\xff\xfe\x00{not utf-8", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"id": ' + b"9" * 5000 + b"}", "not valid JSON"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "demo"])
def test_odd_files_are_reported_not_crashed_on(
    tmp_path: Path, content: bytes, expected: str, command: str
) -> None:
    """Empty, non-UTF-8, deeply nested and huge-number files: a message and exit code 1."""
    path = tmp_path / "odd.json"
    path.write_bytes(content)
    argv = ["validate", str(path), "--as", "lead"] if command == "validate" else ["demo"]
    if command == "demo":
        argv += ["--data", str(path)]
    code, out, err = run(*argv)
    assert code == 1
    assert expected in err
    assert str(path) in err
    assert out == ""


def test_a_json_array_given_as_a_portfolio_is_reported(tmp_path: Path) -> None:
    """validate --as portfolio and demo --data on a list: one error at the top, exit 1."""
    path = tmp_path / "list.json"
    path.write_text("[{}, {}]", encoding="utf-8")
    code, out, _ = run("validate", str(path), "--as", "portfolio")
    assert code == 1
    assert "expected a mapping" in out
    code, _, err = run("demo", "--data", str(path))
    assert code == 1
    assert "expected a mapping" in err


def test_a_directory_is_reported_as_unreadable(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path), "--as", "lead")
    assert code == 2
    assert "cannot read" in err


def test_demo_runs_on_a_portfolio_without_the_sample_deals(tmp_path: Path) -> None:
    """Sections that show the sample deal say they are skipped instead of failing."""
    path = tmp_path / "min.json"
    path.write_text('{"as_of": "2026-03-16T09:00:00+08:00"}', encoding="utf-8")
    code, out, err = run("demo", "--data", str(path))
    assert code == 0, err
    assert out.count("(skipped: this portfolio has no open deal") == 2
    assert "Open pipeline (unweighted): nothing open" in out
    assert "o-hengtai-line2" not in out.split("== Scoring")[1]


def test_demo_on_a_portfolio_with_another_pipeline(tmp_path: Path) -> None:
    """A deal in a pipeline the demo does not walk is listed, not moved."""
    data = json.loads(sample_portfolio_text())
    for opp in data["opportunities"]:
        opp["pipeline"] = "field_sales"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run("demo", "--data", str(path))
    assert code == 0, err
    assert "field_sales/prospect_list" in out


def test_demo_into_a_closed_pipe_stops_quietly() -> None:
    """`salesflow demo | head -1` ends without a BrokenPipeError traceback."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "salesflow", "demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()  # the reader goes away after one line
    _, stderr = proc.communicate(timeout=60)
    assert b"Traceback" not in stderr
    assert proc.returncode in (0, 141)


@pytest.mark.parametrize(
    "content",
    [
        '{"id": "\\ud800"}',
        '{"id": "x\\u0000y", "customer_id": "\\udfff"}',
        "[" * 980 + "]" * 980,
        '{"x\\nreport.json: valid contact": 1}',
        '{"amount.currency": 1}',
        "1" * 5000,
    ],
    ids=["surrogate", "nul-and-surrogate", "980-deep", "forged-line", "dotted-key", "huge-int"],
)
def test_validate_any_text_is_a_message_and_an_exit_code(tmp_path: Path, content: str) -> None:
    """Odd text in a file gives one message per line and exit 1, never a traceback."""
    path = tmp_path / "odd.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run("validate", str(path), "--as", "contact")
    assert code == 1
    text = out + err
    assert "Traceback" not in text
    assert not any(line.endswith(": valid contact") for line in out.splitlines())
    for line in text.splitlines():
        assert line.isprintable()
        assert line.startswith(str(path))
    (out + err).encode("utf-8")  # printable as UTF-8: no lone surrogate


def test_validate_a_dotted_unknown_key_is_quoted(tmp_path: Path) -> None:
    """A key that is not a plain name is quoted in the path, so it cannot read as nesting."""
    path = tmp_path / "odd.json"
    path.write_text('{"amount.currency": 1}', encoding="utf-8")
    _, out, _ = run("validate", str(path), "--as", "contact")
    assert "['amount.currency']: unknown key" in out


@pytest.mark.parametrize("name", ["a\x00b.json", "bad-\udcff.json", "x\nreport.json: valid"])
def test_validate_any_file_name_is_a_message_and_an_exit_code(name: str) -> None:
    """A NUL byte, an undecodable byte or a newline in a file name is reported, not crashed on."""
    code, out, err = run("validate", name, "--as", "contact")
    assert code == 2  # a file that cannot be read
    assert "Traceback" not in out + err
    assert all(line.isprintable() for line in (out + err).splitlines())
    assert len((out + err).splitlines()) == 1


# -- validate: every kind, JSON and TOML, standard input, JSON output (issue 11) --------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from salesflow import to_dict, to_document  # noqa: E402
from salesflow.cli import KINDS as VALIDATE_KINDS  # noqa: E402
from tests import strategies as sst  # noqa: E402

PLAYBOOK_TOML = """
[checklists.acme_visit]
items = [{ key = "book_room" }]

[scorecards.acme_fit]
criteria = [{ key = "size", kind = "numeric", field = "employees", thresholds = [50, 200.5] }]
bands = [{ key = "cold", minimum = 0 }, { key = "warm", minimum = 0.5 }]

[pipelines.acme]
stages = [{ key = "lead" }, { key = "visit", checklist = "acme_visit" }, { key = "won" }]
"""


def run_in(stdin: bytes, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, stdin=io.BytesIO(stdin))
    return code, out.getvalue(), err.getvalue()


def test_validate_knows_every_kind_and_playbooks() -> None:
    assert set(VALIDATE_KINDS) == set(salesflow.kinds.KINDS) | {"playbook"}


def test_validate_a_toml_playbook_by_default(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(PLAYBOOK_TOML, encoding="utf-8")
    code, out, err = run("validate", str(path))
    assert (code, out, err) == (0, f"{path}: valid playbook\n", "")
    assert run("validate", str(path), "--as", "playbook")[0] == 0


def test_validate_a_playbook_naming_an_unknown_checklist(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(PLAYBOOK_TOML.replace('checklist = "acme_visit"', 'checklist = "x"'), "utf-8")
    code, out, err = run("validate", str(path))
    assert code == 1
    assert f"{path}: pipelines.acme.stages[1].checklist: unknown checklist 'x'" in out
    assert "1 of 1 value invalid" in err


def test_validate_json_output_has_code_path_parts_and_message(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(PLAYBOOK_TOML.replace('key = "lead"', 'key = "Lead"'), "utf-8")
    code, out, _ = run("validate", str(path), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["valid"] is False
    assert report["kind"] == "playbook"
    [problem] = report["problems"]
    assert problem["path_parts"] == ["pipelines", "acme", "stages", 0, "key"]
    assert problem["path"] == "pipelines.acme.stages[0].key"
    assert problem["code"] == "format"
    assert "not a valid key" in problem["message"]
    code, out, _ = run("validate", str(path).replace("acme", "none"), "--format", "json")
    assert code == 2
    assert json.loads(out)["valid"] is False


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(
        [
            ("opportunity", sst.opportunities()),
            ("customer", sst.customers),
            ("money", sst.money()),
            ("pipeline", sst.pipelines),
            ("scorecard", sst.scorecards()),
            ("rule_set", sst.rule_sets),
            ("checklist", sst.checklists()),
        ]
    ).flatmap(lambda ks: st.tuples(st.just(ks[0]), ks[1]))
)
def test_validate_any_generated_value_of_its_kind_from_standard_input(
    case: tuple[str, Any],
) -> None:
    """A value, its stored document (detected) and a list of it are valid from stdin."""
    kind, value = case
    if kind == "pipeline" and value.registry is not salesflow.predicates.default_registry():
        return  # drawn guards live in a registry of the tests, not in the command line's
    text = json.dumps(to_dict(value), ensure_ascii=False).encode()
    code, out, err = run_in(text, "validate", "-", "--as", kind)
    assert (code, err) == (0, ""), out
    assert out == f"<stdin>: valid {kind}\n"
    doc = json.dumps(to_document(value)).encode()
    assert run_in(doc, "validate", "-")[1] == f"<stdin>: valid {kind} document\n"
    listed = json.dumps([to_dict(value)] * 2).encode()
    if kind != "portfolio":
        assert (
            run_in(listed, "validate", "-", "--as", kind)[1] == f"<stdin>: valid 2 {kind} values\n"
        )


def test_validate_reads_toml_by_extension_or_flag_and_stdin_by_sniffing(tmp_path: Path) -> None:
    money_toml = b'amount = "12.50"\ncurrency = "CNY"\n'
    path = tmp_path / "m.toml"
    path.write_bytes(money_toml)
    assert run("validate", str(path), "--as", "money")[0] == 0
    other = tmp_path / "m.txt"
    other.write_bytes(money_toml)
    assert run("validate", str(other), "--as", "money")[0] == 1  # read as JSON: not JSON
    assert run("validate", str(other), "--as", "money", "--input-format", "toml")[0] == 0
    assert run_in(money_toml, "validate", "-", "--as", "money")[0] == 0
    assert run_in(b'{"amount": "1", "currency": "CNY"}', "validate", "-", "--as", "money")[0] == 0


def test_validate_can_skip_unknown_keys() -> None:
    data = b'{"amount": "1", "currency": "CNY", "rate": "7.1"}'
    code, out, _ = run_in(data, "validate", "-", "--as", "money")
    assert code == 1
    assert "rate: unknown key 'rate'" in out
    assert run_in(data, "validate", "-", "--as", "money", "--ignore-unknown")[0] == 0


@pytest.mark.parametrize(
    "content", [b"\xff\xfe\x00 not utf-8", b"= = =", b"[[[", b"{" * 3000], ids=str
)
@pytest.mark.parametrize("output", ["text", "json"])
def test_undecodable_or_unparsable_standard_input_is_exit_1_without_a_traceback(
    content: bytes, output: str
) -> None:
    code, out, err = run_in(content, "validate", "-", "--format", output)
    assert code == 1
    assert "Traceback" not in out + err
    if output == "json":
        report = json.loads(out)
        assert report["problems"][0]["code"] == "format"
    else:
        assert err.startswith("<stdin>: not valid")


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "-", "--as", "spaceship"],
        ["validate", "-", "--format", "xml"],
        ["validate", "-", "--input-format", "yaml"],
    ],
)
def test_validate_usage_errors_exit_2(argv: list[str]) -> None:
    assert run_in(b"{}", *argv)[0] == 2


def test_the_schema_of_a_playbook_and_of_a_stored_document() -> None:
    code, out, _ = run("schema", "playbook")
    assert code == 0
    assert json.loads(out)["title"] == "Playbook"
    code, out, _ = run("schema", "opportunity", "--document")
    assert code == 0
    schema = json.loads(out)
    assert schema["properties"]["kind"] == {"const": "opportunity"}
    assert schema["required"] == ["kind", "version", "data"]


def test_validate_into_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    """`salesflow validate big.json | head -1` ends without a BrokenPipeError traceback."""
    path = tmp_path / "big.json"
    path.write_text(json.dumps([{"colour": i} for i in range(20_000)]), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "salesflow", "validate", str(path), "--as", "money"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()
    _, stderr = proc.communicate(timeout=60)
    assert b"Traceback" not in stderr
    assert proc.returncode in (1, 141)
