"""A record seen for comparison: its normalised fields by name.

:func:`profile_of` turns a :class:`~salesflow.Customer`, :class:`~salesflow.Contact`
or :class:`~salesflow.Lead` into a :class:`Profile`; any other data (a
table row, a benchmark's persons) becomes one by building it directly with
the fields its :class:`~salesflow.dedupe.Settings` compare.

A customer's name is parsed (:func:`~salesflow.dedupe.parse_company`) into
``core``, ``core.pinyin``, ``core.script``, ``region``, ``industry`` (its
keys), ``legal_kind`` and ``branch``; its phone, web domain and (when given)
credit code are added. A value that does not normalise (a phone written as
``"n/a"``) is left out: it is simply not a key.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from salesflow._checks import Checker, describe, freeze_mapping
from salesflow.dedupe import _extra
from salesflow.dedupe.company import CompanyName, parse_company, parse_region
from salesflow.dedupe.identifiers import (
    normalise_email,
    normalise_person_name,
    normalise_phone,
    validate_uscc,
)
from salesflow.exceptions import ValidationError
from salesflow.records import Contact, Customer, Lead

__all__ = ["PUBLIC_MAIL_DOMAINS", "Profile", "Record", "company_fields", "profile_of"]

#: A record :func:`profile_of` knows how to read.
Record = Customer | Contact | Lead

#: Mail providers whose domain says nothing about the employer.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "qq.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com",
        "139.com", "189.cn", "aliyun.com", "foxmail.com", "gmail.com", "outlook.com",
        "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com",
    }
)  # fmt: skip


def _empty() -> Mapping[str, str]:
    empty: Mapping[str, str] = freeze_mapping({})
    return empty


@attrs.frozen(slots=True, kw_only=True)
class Profile:
    """The fields of one record, normalised for comparison.

    ``kind`` says what the record is (``"customer"``, ``"contact"``,
    ``"lead"``, or your own word); ``values`` maps a field to its normalised
    text; a field that is absent has no value.
    """

    id: str
    kind: str
    values: Mapping[str, str] = attrs.field(factory=_empty, converter=freeze_mapping, hash=False)

    def __attrs_post_init__(self) -> None:
        check = Checker("Profile")
        check.text("id", self.id)
        check.text("kind", self.kind)
        if not isinstance(self.values, Mapping):
            check.add("values", f"expected a mapping of field to text, got {describe(self.values)}")
        else:
            for key, value in self.values.items():
                if check.text(f"values[{key!r}]", key, allow_empty=True):
                    check.text(f"values[{key!r}]", value, allow_empty=True)
        check.done()

    def get(self, field: str) -> str | None:
        """The value of ``field``, or None when it is absent or empty."""
        value = self.values.get(field)
        return value or None


def company_fields(name: CompanyName) -> dict[str, str]:
    """The compared fields of a parsed company name."""
    fields = {
        "company": name.normalised,
        "core": name.core,
        "core.pinyin": name.core_pinyin,
        "core.script": name.script,
        "industry": " ".join(name.industry_keys),
        "legal_kind": name.legal_kind or "",
        "branch": "head_office" if name.branch is None else f"branch:{name.branch_region or ''}",
    }
    if name.region is not None:
        fields["region"] = name.region
    return fields


def _quiet(normalise: object, value: str | None) -> str:
    if value is None:
        return ""
    assert callable(normalise)
    try:
        return str(normalise(value))
    except ValidationError:
        return ""


def _domain(email: str) -> str:
    domain = email.rsplit("@", 1)[1] if "@" in email else ""
    return "" if domain in PUBLIC_MAIL_DOMAINS else domain


def _website_domain(url: str | None) -> str:
    if not url:
        return ""
    host = url.strip().lower().split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host.removeprefix("www.")


def _person(name: str) -> dict[str, str]:
    folded = _quiet(normalise_person_name, name) if name.strip() else ""
    if not folded:
        return {}
    return {"": folded, ".pinyin": _extra.pinyin(folded).replace(" ", "")}


def _customer(record: Customer) -> dict[str, str]:
    fields = company_fields(parse_company(record.name))
    if "region" not in fields and record.characteristics.region.strip():
        region = parse_region(record.characteristics.region)
        if region is not None:
            fields["region"] = region
    fields["phone"] = _quiet(normalise_phone, record.basic.phone)
    fields["web_domain"] = _website_domain(record.basic.website)
    return fields


def _contact(record: Contact) -> dict[str, str]:
    email = _quiet(normalise_email, record.email)
    fields = {f"name{k}": v for k, v in _person(record.name).items()}
    fields.update(
        phone=_quiet(normalise_phone, record.phone),
        email=email,
        email_domain=_domain(email),
        customer_id=record.customer_id,
        title=" ".join(record.title.lower().split()),
    )
    return fields


def _lead(record: Lead) -> dict[str, str]:
    email = _quiet(normalise_email, record.email)
    fields = company_fields(parse_company(record.customer_name))
    fields.update({f"contact_name{k}": v for k, v in _person(record.contact_name).items()})
    fields.update(
        phone=_quiet(normalise_phone, record.phone), email=email, email_domain=_domain(email)
    )
    return fields


def profile_of(record: Record | Profile, *, uscc: str | None = None) -> Profile:
    """The profile of a customer, contact or lead (a Profile is returned as it is).

    ``uscc`` is the record's unified social credit code, if known (the
    records have no field for it): it is validated and becomes an exact key.
    """
    if isinstance(record, Profile):
        return record if uscc is None else _with_uscc(record, uscc)
    if isinstance(record, Customer):
        kind, fields = "customer", _customer(record)
    elif isinstance(record, Contact):
        kind, fields = "contact", _contact(record)
    elif isinstance(record, Lead):
        kind, fields = "lead", _lead(record)
    else:
        raise ValidationError.single(
            "profile_of",
            "record",
            f"expected a Customer, Contact, Lead or Profile, got {describe(record)}",
        )
    profile = Profile(id=record.id, kind=kind, values={k: v for k, v in fields.items() if v})
    return profile if uscc is None else _with_uscc(profile, uscc)


def _with_uscc(profile: Profile, uscc: str) -> Profile:
    try:
        code = validate_uscc(uscc)
    except ValidationError as exc:
        raise ValidationError(
            "profile_of", [p.prefixed(f"uscc[{profile.id!r}]") for p in exc.problems]
        ) from None
    return Profile(id=profile.id, kind=profile.kind, values={**profile.values, "uscc": code})
