"""Customer-data governance: classified fields, change requests, an audit trail, redaction.

Customer data is a company asset: true, not freely edited, kept
confidential. A governed field changes only through a :class:`ChangeRequest`
(old and new value and the reason), reviewed by the field's owning
department and applied by the data keepers as a new record with an
:class:`AuditEntry`. :meth:`DataPolicy.redact` shows a record to a role
without what its clearance may not see.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

import attrs

from salesflow._checks import (
    Checker,
    built_once,
    definition_checker,
    describe,
    freeze_mapping,
    to_tuple,
)
from salesflow.cadence import Team
from salesflow.convert import Definition, from_dict, to_dict
from salesflow.exceptions import ApprovalError, Reason, ValidationError
from salesflow.frozen import FrozenDict
from salesflow.records import AttributeValue

__all__ = [
    "AppliedChange",
    "AuditEntry",
    "ChangeRequest",
    "ChangeStatus",
    "Classification",
    "DataPolicy",
    "FieldRule",
    "Redacted",
    "customer_data_policy",
    "redact",
]

#: A field's plain value: what ``to_dict`` gives for a scalar field.
FieldValue = AttributeValue | None


class Classification(StrEnum):
    """How secret a field is, lowest first."""

    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {Classification.PUBLIC: 0, Classification.INTERNAL: 1, Classification.CONFIDENTIAL: 2}


def _check_path(check: Checker, path: str, value: object) -> bool:
    if not check.instance(path, value, str, "a dotted field path"):
        return False
    assert isinstance(value, str)
    for part in value.split("."):
        if not part or not (part[0].isalpha() and part.replace("_", "").isalnum()):
            check.add(path, f"{value!r} is not a dotted field path (expected e.g. 'basic.phone')")
            return False
    return True


@attrs.frozen(slots=True, kw_only=True)
class FieldRule(Definition):
    """How one field (or a whole part, ``"trading"``) of a record is held.

    ``path`` is dotted from the record (``"basic.phone"``); ``governed``
    fields change only through a change request; ``department`` owns it
    (reviews its changes; default: the policy's ``owner``).
    """

    path: str
    classification: Classification = Classification.INTERNAL
    governed: bool = True
    department: str | None = None

    def __attrs_post_init__(self) -> None:
        check = definition_checker("FieldRule")
        _check_path(check, "path", self.path)
        check.enum_field(self, "classification", Classification)
        check.instance("governed", self.governed, bool, "true or false")
        if self.department is not None:
            check.key("department", self.department)
        check.done()


def _no_clearance() -> Mapping[str, Classification]:
    return FrozenDict()


def _label(policy: object) -> str:
    return f"control.data_policy.{getattr(policy, 'key', '')}"


@attrs.frozen(slots=True, kw_only=True)
class Redacted:
    """A record as ``role`` may see it: its plain data without the ``hidden`` paths."""

    role: str
    data: Mapping[str, Any] = attrs.field(converter=freeze_mapping, hash=False)
    hidden: tuple[str, ...] = ()


class ChangeStatus(StrEnum):
    """Where a change request stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    APPLIED = "applied"


@attrs.frozen(slots=True, kw_only=True)
class ChangeRequest:
    """A request to change one governed field of one record, with its review.

    ``old`` is the value when it was asked (applying it later to a record
    whose value moved on is refused); ``department`` reviews it.
    """

    id: str
    record_id: str
    field: str
    old: FieldValue
    new: FieldValue
    reason: str
    requested_by: str
    requested_at: datetime
    department: str
    status: ChangeStatus = ChangeStatus.PENDING
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    review_note: str | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("ChangeRequest")
        for name in ("id", "record_id", "reason", "requested_by"):
            check.text(name, getattr(self, name))
        _check_path(check, "field", self.field)
        for name in ("old", "new"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, (str, int, bool)):
                check.add(
                    name,
                    f"expected a string, a whole number, a boolean or None, got {describe(value)}",
                )
        if self.old == self.new and type(self.old) is type(self.new):
            check.add("new", f"the same as old ({self.old!r}): nothing to change")
        requested_ok = check.aware("requested_at", self.requested_at)
        check.key("department", self.department)
        status_ok = check.enum_field(self, "status", ChangeStatus)
        check.optional_text("reviewed_by", self.reviewed_by)
        reviewed_ok = check.aware("reviewed_at", self.reviewed_at, optional=True)
        check.optional_text("review_note", self.review_note)
        if status_ok:
            reviewed = self.status is not ChangeStatus.PENDING
            if reviewed != (self.reviewed_by is not None and self.reviewed_at is not None):
                check.add(
                    "reviewed_by",
                    f"a {self.status.value} change {'needs' if reviewed else 'has no'} "
                    "a reviewer and a review time",
                )
            if self.reviewed_by is not None and self.reviewed_by == self.requested_by:
                check.add("reviewed_by", "the requester never reviews their own change")
        if (
            requested_ok
            and reviewed_ok
            and self.reviewed_at is not None
            and self.reviewed_at < self.requested_at
        ):
            check.add("reviewed_at", "before requested_at")
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class AuditEntry:
    """One applied change: what changed, from what to what, on whose request and review."""

    record_id: str
    field: str
    old: FieldValue
    new: FieldValue
    change_id: str
    reason: str
    requested_by: str
    reviewed_by: str
    applied_by: str
    applied_at: datetime


@attrs.frozen(slots=True, kw_only=True)
class AppliedChange:
    """The new record, the change request (now applied), and the audit entry."""

    record: Any
    change: ChangeRequest
    audit: AuditEntry


@attrs.frozen(slots=True, kw_only=True)
class DataPolicy(Definition):
    """How a kind of record is governed and classified.

    ``fields``: the rules by path (a part's rule covers its fields unless a
    more specific one is given); a field without a rule is ``default`` and
    not governed. ``owner``: the department keeping the data (it applies
    changes, and reviews those of fields without a department).
    ``clearance``: role -> the highest classification it may see (a role
    not listed sees public fields only).
    """

    key: str
    fields: tuple[FieldRule, ...] = attrs.field(default=(), converter=to_tuple)
    owner: str = "after_sales"
    default: Classification = Classification.INTERNAL
    clearance: Mapping[str, Classification] = attrs.field(
        factory=_no_clearance, converter=freeze_mapping, hash=False
    )
    label_key: str = attrs.field(default=attrs.Factory(_label, takes_self=True))

    def __attrs_post_init__(self) -> None:
        check = definition_checker("DataPolicy")
        check.key("key", self.key)
        if check.items("fields", self.fields, FieldRule, "FieldRule"):
            check.unique("fields", (f.path for f in self.fields), "field path")
        check.key("owner", self.owner)
        check.enum_field(self, "default", Classification)
        if not isinstance(self.clearance, Mapping):
            check.add(
                "clearance",
                f"expected a mapping of role to classification, got {describe(self.clearance)}",
            )
        else:
            fixed = {}
            for role, level in self.clearance.items():
                check.key(f"clearance[{role!r}]", role)
                try:
                    fixed[role] = Classification(level)
                except ValueError:
                    check.add(
                        f"clearance[{role!r}]",
                        f"expected public, internal or confidential, got {describe(level)}",
                    )
            object.__setattr__(self, "clearance", FrozenDict(fixed))
        check.text("label_key", self.label_key)
        check.done()

    def rule(self, path: str) -> FieldRule | None:
        """The most specific rule covering ``path``, if any."""
        best: FieldRule | None = None
        for rule in self.fields:
            if (path == rule.path or path.startswith(rule.path + ".")) and (
                best is None or len(rule.path) > len(best.path)
            ):
                best = rule
        return best

    def classification(self, path: str) -> Classification:
        """How secret the field at ``path`` is."""
        found = self.rule(path)
        return self.default if found is None else found.classification

    def is_governed(self, path: str) -> bool:
        """Whether ``path`` changes only through a change request."""
        found = self.rule(path)
        return found is not None and found.governed

    def department_of(self, path: str) -> str:
        """The department that reviews changes of ``path``."""
        found = self.rule(path)
        return self.owner if found is None or found.department is None else found.department

    def redact(self, record: Any, *, for_role: str) -> Redacted:
        """``record`` as ``for_role`` sees it: plain data without the fields above its clearance."""
        check = Checker("DataPolicy.redact")
        check.key("for_role", for_role)
        check.done()
        level = self.clearance.get(for_role, Classification.PUBLIC).rank
        hidden: list[str] = []
        data = self._visible(to_dict(record), "", level, hidden)
        return Redacted(role=for_role, data=data, hidden=tuple(hidden))

    def _visible(
        self, data: Mapping[str, Any], prefix: str, level: int, hidden: list[str]
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in data.items():
            path = f"{prefix}{name}"
            if self.classification(path).rank > level and not self._opens_below(path, level):
                hidden.append(path)
            elif isinstance(value, Mapping) and not _is_money(value):
                out[name] = FrozenDict(self._visible(value, f"{path}.", level, hidden))
            else:
                out[name] = value
        return out

    def _opens_below(self, path: str, level: int) -> bool:
        # a part above the clearance still shows a field a more specific rule opens
        return any(
            r.path.startswith(path + ".") and r.classification.rank <= level for r in self.fields
        )

    # -- changes ----------------------------------------------------------------------

    def request_change(
        self,
        record: Any,
        *,
        id: str,
        field: str,
        new: FieldValue,
        reason: str,
        by: str,
        at: datetime,
    ) -> ChangeRequest:
        """A change request for ``record``'s governed ``field``, its old value read from the record.

        The new value is checked by building the changed record (a bad value
        is a :class:`~salesflow.ValidationError` naming ``field``).
        """
        check = Checker("DataPolicy.request_change")
        _check_path(check, "field", field)
        check.done()
        if not self.is_governed(field):
            raise ValidationError.single(
                "DataPolicy.request_change",
                "field",
                f"{field!r} is not governed by {self.key!r}: it needs no change request",
            )
        old = _read(record, field)
        _write(record, field, new)  # refuses a bad value before anyone reviews it
        return ChangeRequest(
            id=id,
            record_id=_record_id(record),
            field=field,
            old=old,
            new=new,
            reason=reason,
            requested_by=by,
            requested_at=at,
            department=self.department_of(field),
        )

    def review(
        self,
        change: ChangeRequest,
        *,
        by: str,
        at: datetime,
        team: Team,
        approve: bool = True,
        note: str | None = None,
    ) -> ChangeRequest:
        """``change`` approved (or, ``approve=False``, rejected) by someone of its department."""
        check = Checker("DataPolicy.review")
        check.instance("change", change, ChangeRequest, "a ChangeRequest")
        check.instance("team", team, Team, "a Team")
        check.instance("approve", approve, bool, "true or false")
        check.text("by", by)
        check.aware("at", at)
        check.done()
        reasons = []
        if change.status is not ChangeStatus.PENDING:
            reasons.append(Reason("not_pending", f"change {change.id!r} is {change.status.value}"))
        if by == change.requested_by:
            reasons.append(
                Reason("requester_cannot_approve", f"{by!r} requested it and cannot review it")
            )
        if team.departments.get(by) != change.department:
            reasons.append(
                Reason(
                    "not_in_owning_department",
                    f"{by!r} is not in {change.department!r}, which owns {change.field!r}",
                )
            )
        if reasons:
            raise ApprovalError("review", change.id, reasons)
        status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
        return attrs.evolve(change, status=status, reviewed_by=by, reviewed_at=at, review_note=note)

    def apply(
        self, record: Any, change: ChangeRequest, *, by: str, at: datetime, team: Team
    ) -> AppliedChange:
        """``record`` with ``change`` applied by a data keeper, as a new record with an audit entry.

        Refused (:class:`~salesflow.ApprovalError`) unless the change is
        approved, is for this record, and the record still holds its old value.
        """
        check = Checker("DataPolicy.apply")
        check.instance("change", change, ChangeRequest, "a ChangeRequest")
        check.instance("team", team, Team, "a Team")
        check.text("by", by)
        check.aware("at", at)
        check.done()
        reasons = self._apply_reasons(record, change, by, team)
        if reasons:
            raise ApprovalError("apply_change", change.id, reasons)
        assert change.reviewed_by is not None
        updated = _write(record, change.field, change.new)
        audit = AuditEntry(
            record_id=change.record_id,
            field=change.field,
            old=change.old,
            new=change.new,
            change_id=change.id,
            reason=change.reason,
            requested_by=change.requested_by,
            reviewed_by=change.reviewed_by,
            applied_by=by,
            applied_at=at,
        )
        applied = attrs.evolve(change, status=ChangeStatus.APPLIED)
        return AppliedChange(record=updated, change=applied, audit=audit)

    def _apply_reasons(
        self, record: Any, change: ChangeRequest, by: str, team: Team
    ) -> list[Reason]:
        reasons = []
        if change.status is not ChangeStatus.APPROVED:
            reasons.append(
                Reason(
                    "not_approved",
                    f"change {change.id!r} is {change.status.value}, not approved",
                    requirement=change.field,
                )
            )
        if _record_id(record) != change.record_id:
            reasons.append(
                Reason("wrong_record", f"change {change.id!r} is for {change.record_id!r}")
            )
        elif _read(record, change.field) != change.old:
            reasons.append(
                Reason(
                    "stale_change",
                    f"{change.field!r} is no longer {change.old!r}",
                    requirement=change.field,
                )
            )
        if team.departments.get(by) != self.owner:
            reasons.append(
                Reason("not_data_keeper", f"{by!r} is not in {self.owner!r}, which keeps the data")
            )
        return reasons


def _is_money(value: Mapping[str, Any]) -> bool:
    return set(value) == {"amount", "currency"}


def _record_id(record: Any) -> str:
    found = getattr(record, "id", None)
    if not isinstance(found, str) or not attrs.has(type(record)):
        raise ValidationError.single(
            "DataPolicy",
            "record",
            f"expected a salesflow record with an id, got {describe(record)}",
        )
    return found


def _read(record: Any, path: str) -> FieldValue:
    _record_id(record)
    value: Any = to_dict(record)
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            raise ValidationError.single(
                "DataPolicy", "field", f"{type(record).__name__} has no field {path!r}"
            )
        value = value[part]
    if value is not None and not isinstance(value, (str, int, bool)):
        raise ValidationError.single(
            "DataPolicy",
            "field",
            f"{path!r} is not a plain field (a string, a number or a boolean)",
        )
    return value


def _write(record: Any, path: str, value: FieldValue) -> Any:
    _read(record, path)
    data = to_dict(record)
    node = data
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value
    return from_dict(type(record), data)  # a bad value is a ValidationError at its path


def customer_data_policy(*, owner: str = "after_sales") -> DataPolicy:
    """How customer records are held: classified, governed, kept by ``owner``.

    The after-sales department keeps the customer data and sets its secrecy
    levels; trading status (credit, terms, past problems) is confidential
    and its changes are reviewed by accounting; the value grade and category
    by sales. Contact details and the legal representative are confidential.
    """
    confidential, internal, public = (
        Classification.CONFIDENTIAL,
        Classification.INTERNAL,
        Classification.PUBLIC,
    )
    fields = (
        FieldRule(path="id", classification=public, governed=False),
        FieldRule(path="name", classification=public),
        FieldRule(path="industry", classification=public),
        FieldRule(path="nature", classification=internal),
        FieldRule(path="category", classification=internal, department="sales"),
        FieldRule(path="value_grade", classification=internal, department="sales"),
        FieldRule(path="relationship", classification=internal, department="sales"),
        FieldRule(path="owner", classification=internal, governed=False),
        FieldRule(path="basic", classification=internal),
        FieldRule(path="basic.phone", classification=confidential),
        FieldRule(path="basic.legal_representative", classification=confidential),
        FieldRule(path="characteristics", classification=internal),
        FieldRule(path="business", classification=internal),
        FieldRule(path="trading", classification=confidential, department="accounting"),
    )
    clearance = {
        "general_manager": confidential,
        "sales_manager": confidential,
        "after_sales_manager": confidential,
        "accounting_head": confidential,
        "sales": internal,
    }
    return DataPolicy(key="customer_data", fields=fields, owner=owner, clearance=clearance)


def redact(record: Any, *, for_role: str, policy: DataPolicy | None = None) -> Redacted:
    """``record`` as ``for_role`` sees it under ``policy`` (default: the customer-data policy)."""
    if policy is None:
        policy = _default_policy()
    elif not isinstance(policy, DataPolicy):
        raise ValidationError.single(
            "redact", "policy", f"expected a DataPolicy or None, got {describe(policy)}"
        )
    return policy.redact(record, for_role=for_role)


@built_once
def _default_policy() -> DataPolicy:
    return customer_data_policy()
