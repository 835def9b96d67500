"""Company names, credit codes and contact details: parts, idempotence, bad input."""

from __future__ import annotations

import pytest

pytest.importorskip("opencc")
pytest.importorskip("pypinyin")
pytest.importorskip("rapidfuzz")

from hypothesis import given
from hypothesis import strategies as st

from salesflow import SalesflowError, ValidationError, from_dict, to_dict
from salesflow.dedupe import (
    CompanyName,
    is_uscc,
    normalise_email,
    normalise_person_name,
    normalise_phone,
    parse_company,
    parse_region,
    uscc_check_character,
    validate_uscc,
)
from salesflow.dedupe.identifiers import USCC_ALPHABET
from tests.strategies import company_name_texts

# -- the issue's examples --------------------------------------------------------

ONE_CUSTOMER = [
    ("北京恒泰机械有限公司", "北京", "有限公司"),
    ("恒泰机械(北京)有限公司", "北京", "有限公司"),
    ("恆泰機械股份有限公司", None, "股份有限公司"),
    ("恒泰机械", None, None),
]


@pytest.mark.parametrize(("name", "region", "form"), ONE_CUSTOMER)
def test_the_issue_names_of_one_customer_share_core_and_industry(
    name: str, region: str | None, form: str | None
) -> None:
    parsed = parse_company(name)
    assert (parsed.core, parsed.industry, parsed.industry_keys) == ("恒泰", "机械", ("machinery",))
    assert (parsed.region, parsed.legal_form, parsed.original) == (region, form, name)
    assert parsed.core_pinyin == "hengtai"


def test_an_english_name_has_core_industry_and_legal_form() -> None:
    parsed = parse_company("Hengtai Machinery Co., Ltd.")
    assert (parsed.core, parsed.industry, parsed.industry_keys) == (
        "hengtai",
        "machinery",
        ("machinery",),
    )
    assert (parsed.legal_form, parsed.legal_kind, parsed.script) == ("co ltd", "limited", "en")


def test_another_region_and_another_industry_are_visible_parts() -> None:
    shanghai = parse_company("恒泰机械(上海)有限公司")
    chemical = parse_company("恒泰化工有限公司")
    assert (shanghai.core, shanghai.region) == ("恒泰", "上海")
    assert (chemical.core, chemical.industry_keys) == ("恒泰", ("chemical",))


def test_traditional_and_full_width_forms_fold_to_one_normalised_name() -> None:
    assert parse_company("恆泰機械（北京）有限公司").normalised == "恒泰机械(北京)有限公司"
    assert parse_company("ＨＥＮＧＴＡＩ  Machinery").normalised == "hengtai machinery"


@pytest.mark.parametrize(
    ("name", "marker", "place", "head"),
    [
        ("恒泰机械有限公司上海分公司", "上海分公司", "上海", "恒泰机械有限公司"),
        ("恒泰机械北京办事处", "北京办事处", "北京", "恒泰机械"),
        ("恒泰机械(深圳)分公司", "深圳分公司", "深圳", "恒泰机械"),
        ("Hengtai Machinery Co., Ltd. Shanghai Branch", "shanghai branch", "上海", None),
        ("Shanghai Branch of Hengtai Machinery Co., Ltd.", "shanghai branch", "上海", None),
    ],
)
def test_a_branch_is_kept_as_a_relation_to_its_head_office(
    name: str, marker: str, place: str, head: str | None
) -> None:
    parsed = parse_company(name)
    assert parsed.is_branch
    assert (parsed.branch, parsed.branch_region, parsed.core) == (
        marker,
        place,
        "hengtai" if parsed.script == "en" else "恒泰",
    )
    if head is not None:
        assert parsed.head_office == head


def test_leading_province_and_city_give_the_most_specific_region() -> None:
    parsed = parse_company("广东省深圳市恒泰电子科技有限公司")
    assert (parsed.region, parsed.province, parsed.core) == ("深圳", "广东", "恒泰")
    assert parsed.industry_keys == ("electronics", "technology")


def test_a_bilingual_name_is_parsed_from_its_chinese_and_keeps_the_rest() -> None:
    parsed = parse_company("恒泰机械 Hengtai Machinery")
    assert (parsed.core, parsed.alias) == ("恒泰", "hengtai machinery")


def test_regions_in_place_names() -> None:
    assert parse_region("上海市浦东新区") == "上海"
    assert parse_region("Beijing") == "北京"
    assert parse_region("somewhere") is None


# -- properties -------------------------------------------------------------------


@given(company_name_texts())
def test_parsing_the_normalised_name_again_gives_the_same_parts(name: str) -> None:
    first = parse_company(name)
    again = parse_company(first.normalised)
    assert again.normalised == first.normalised
    assert (again.core, again.region, again.industry_keys, again.legal_kind, again.branch) == (
        first.core,
        first.region,
        first.industry_keys,
        first.legal_kind,
        first.branch,
    )


@given(company_name_texts())
def test_a_parsed_name_round_trips_through_to_dict(name: str) -> None:
    parsed = parse_company(name)
    assert from_dict(CompanyName, to_dict(parsed)) == parsed


@given(st.text(min_size=1, max_size=20))
def test_any_text_parses_or_is_a_validation_error_at_name(text: str) -> None:
    error: ValidationError | None = None
    try:
        parsed = parse_company(text)
    except ValidationError as exc:
        error = exc
    if error is not None:
        assert error.paths == ("name",)
    else:
        assert parsed.core


@pytest.mark.parametrize("bad", [None, 3, b"x", ["恒泰"], "", "   ", "（）", "..."])
def test_bad_company_names_are_validation_errors_at_name(bad: object) -> None:
    with pytest.raises(ValidationError) as info:
        parse_company(bad)  # type: ignore[arg-type]
    assert info.value.paths == ("name",)


def test_a_bad_company_name_value_lists_its_problems() -> None:
    with pytest.raises(ValidationError) as info:
        CompanyName(original="", normalised="x", script="fr", core="", core_pinyin="")
    assert set(info.value.paths) >= {"original", "script", "core"}


# -- credit codes -----------------------------------------------------------------

body = st.text(USCC_ALPHABET, min_size=17, max_size=17)


@given(body)
def test_a_code_with_its_check_character_is_valid(first17: str) -> None:
    code = first17 + uscc_check_character(first17)
    assert validate_uscc(code) == code
    assert validate_uscc(" " + code.lower() + " ") == code
    assert is_uscc(code)


@given(body, st.integers(0, 17), st.sampled_from(USCC_ALPHABET))
def test_changing_one_character_breaks_the_check(first17: str, at: int, char: str) -> None:
    code = first17 + uscc_check_character(first17)
    changed = code[:at] + char + code[at + 1 :]
    if changed != code:
        assert not is_uscc(changed)


def test_a_published_code_is_valid() -> None:
    assert validate_uscc("91350100M000100Y43") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ("91350100M000100Y4", "17 characters"),
        ("91350100M000100Y4I", "'I'"),
        ("91350100M000100Y44", "check character"),
        (12, "expected a credit code string"),
    ],
)
def test_bad_codes_say_what_is_wrong_at_uscc(bad: object, says: str) -> None:
    with pytest.raises(ValidationError, match=says) as info:
        validate_uscc(bad)  # type: ignore[arg-type]
    assert info.value.paths == ("uscc",)
    assert not is_uscc(bad)


# -- phones, e-mails, names -------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("+86 138-1234-5678", "+8613812345678"),
        ("13812345678", "+8613812345678"),
        ("0086 138 1234 5678", "+8613812345678"),
        ("8613812345678", "+8613812345678"),
        ("(010) 1234-5678", "+861012345678"),
        ("010-12345678 转 123", "+861012345678"),
        ("+1 415 555 0100", "+14155550100"),
        ("１３８１２３４５６７８", "+8613812345678"),
    ],
)
def test_phones_have_one_form(raw: str, canonical: str) -> None:
    assert normalise_phone(raw) == canonical
    assert normalise_phone(canonical) == canonical


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.sampled_from(["", "+86", "0086 "]))
def test_every_writing_of_a_mobile_is_one_phone(mobile: str, prefix: str) -> None:
    spaced = f"{prefix}{mobile[:3]} {mobile[3:7]}-{mobile[7:]}"
    assert normalise_phone(spaced) == normalise_phone(mobile) == f"+86{mobile}"


@pytest.mark.parametrize("bad", ["n/a", "12", "phone: 1234567", None, 13812345678])
def test_bad_phones_are_validation_errors_at_phone(bad: object) -> None:
    with pytest.raises(ValidationError) as info:
        normalise_phone(bad)  # type: ignore[arg-type]
    assert info.value.paths == ("phone",)


def test_emails_are_folded_and_bad_ones_refused() -> None:
    assert normalise_email("  Sales@HengTai.CN ") == "sales@hengtai.cn"
    for bad in ("no-at-sign", "a@b", None):
        with pytest.raises(ValidationError) as info:
            normalise_email(bad)  # type: ignore[arg-type]
        assert info.value.paths == ("email",)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("張偉 先生", "张伟"),
        ("张 伟", "张伟"),
        ("Smith, John", "john smith"),
        ("Dr. José Müller", "jose muller"),
    ],
)
def test_person_names_have_one_form(raw: str, folded: str) -> None:
    assert normalise_person_name(raw) == folded


@pytest.mark.parametrize("bad", ["", "...", None, 7])
def test_bad_person_names_are_validation_errors_at_name(bad: object) -> None:
    with pytest.raises(SalesflowError) as info:
        normalise_person_name(bad)  # type: ignore[arg-type]
    assert isinstance(info.value, ValidationError)
    assert info.value.paths == ("name",)
