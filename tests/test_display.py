"""Notebook display: short reprs, HTML views, tables, money in minor units."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import salesflow
from salesflow import Money, Opportunity, ValidationError
from salesflow._html import pad, width
from salesflow.cli import sample_portfolio_text
from salesflow.display import table
from salesflow.money import minor_units
from tests import strategies as s

PORTFOLIO = salesflow.from_dict(salesflow.Portfolio, json.loads(sample_portfolio_text()))


@given(s.opportunities())
def test_a_deal_repr_is_short_and_equality_still_sees_every_field(deal: Opportunity) -> None:
    assert len(repr(deal)) < 300
    assert repr(deal).startswith(f"Opportunity(id={deal.id!r}")
    other = attrs.evolve(deal, name=deal.name + "x")
    assert other != deal


def test_the_sample_reprs_are_one_short_line() -> None:
    for value in (PORTFOLIO, *PORTFOLIO.opportunities, *PORTFOLIO.customers, *PORTFOLIO.leads):
        assert "\n" not in repr(value)
        assert len(repr(value)) < 200


def test_html_views_of_a_deal_a_pipeline_a_result_and_an_agenda() -> None:
    deal = PORTFOLIO.opportunities[0]
    pipeline = salesflow.stages.presets.get(deal.pipeline)
    assert deal.id in deal._repr_html_()
    assert all(k in pipeline._repr_html_() for k in pipeline.keys)
    card = salesflow.scoring.presets.get("bant")
    result = card.evaluate({}, at=PORTFOLIO.as_of)
    assert "<table>" in result._repr_html_()
    agenda = salesflow.cadence.Agenda(person="li", at=PORTFOLIO.as_of)
    assert "li at" in agenda._repr_html_()


def test_cells_are_escaped() -> None:
    deal = attrs.evolve(PORTFOLIO.opportunities[0], name="<script>alert(1)</script>")
    assert "<script>" not in deal._repr_html_()
    assert "<script>" not in table([deal])._repr_html_()


@given(st.lists(s.opportunities(), max_size=30), st.integers(1, 40))
def test_a_table_has_a_row_a_value_and_counts_the_rest(
    deals: list[Opportunity], limit: int
) -> None:
    shown = table(deals, limit=limit)
    assert len(shown.rows) == len(deals)
    html = shown._repr_html_()
    assert html.count("<tr>") == 1 + min(limit, len(deals)) + (len(deals) > limit)


def test_a_table_with_the_pipeline_shows_the_effective_probability() -> None:
    pipeline = salesflow.stages.presets.get(PORTFOLIO.opportunities[0].pipeline)
    deals = [o for o in PORTFOLIO.opportunities if o.pipeline == pipeline.key]
    rows = table(deals, pipeline=pipeline).rows
    assert [r["probability"] for r in rows] == [str(pipeline.probability(o)) for o in deals]
    assert [r["weighted"] for r in rows] == [str(pipeline.weighted_amount(o)) for o in deals]


def test_a_table_refuses_mixed_kinds_and_bad_limits() -> None:
    with pytest.raises(ValidationError, match="values: values of several kinds"):
        table([PORTFOLIO.customers[0], PORTFOLIO.leads[0]])
    with pytest.raises(ValidationError, match="limit"):
        table([], limit=0)
    with pytest.raises(ValidationError, match="values"):
        table([1, 2])


def test_text_tables_align_by_display_width() -> None:
    assert width("恒泰机械") == 8
    assert width(pad("恒泰", 6)) == 6
    lines = repr(table(PORTFOLIO.customers)).splitlines()
    # where the third column (after the Chinese names) starts, in display columns
    starts = {width(line[: list(re.finditer(r"\S+(?: \S+)*", line))[2].start()]) for line in lines}
    assert len(starts) == 1


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money("120000.0000", "CNY"), "120,000.00 CNY"),
        (Money(5, "JPY"), "5 JPY"),
        (Money("1.5", "BHD"), "1.500 BHD"),
        (Money("0.125", "USD"), "0.125 USD"),
        (Money("12.5", "XAU"), "12.5 XAU"),
        (Money(Decimal("1E+3"), "CNY"), "1,000.00 CNY"),
    ],
)
def test_money_prints_in_minor_units(money: Money, text: str) -> None:
    assert str(money) == text
    assert f"{money}" == text


@given(s.money())
def test_printing_money_never_changes_its_value(money: Money) -> None:
    number, currency = str(money).rsplit(" ", 1)
    assert currency == money.currency
    assert Decimal(number.replace(",", "")) == money.amount
    places = minor_units(money.currency)
    if places:
        assert len(number.rpartition(".")[2]) >= places


def test_money_format_specs() -> None:
    money = Money("1234567.5", "CNY")
    assert f"{money:,}" == "1,234,567.50 CNY"
    assert f"{money:.0f}" == "1234568 CNY"
    assert f"{money:>16,}" == "    1,234,567.50 CNY"
    with pytest.raises(ValidationError, match="format"):
        format(money, "garbage")


@pytest.mark.parametrize("alias", ["zh", "zh-CN", "zh-Hans-CN", "zh-Hans"])
def test_chinese_locale_aliases_are_accepted(alias: str) -> None:
    import io

    from salesflow.cli import main
    from salesflow.locales import default_catalogs

    assert default_catalogs().normalise(alias) == "zh-Hans"
    out, err = io.StringIO(), io.StringIO()
    assert main(["demo", "--locale", alias], out=out, err=err) == 0
    reference = io.StringIO()
    main(["demo", "--locale", "zh-Hans"], out=reference, err=io.StringIO())
    assert out.getvalue() == reference.getvalue()


def test_an_unknown_locale_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from salesflow.cli import main

    assert main(["demo", "--locale", "fr"], out=io.StringIO(), err=io.StringIO()) == 2
    assert "unknown locale 'fr'" in capsys.readouterr().err
