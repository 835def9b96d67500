"""Merges that lose nothing, and their undo.

:func:`merge` joins a cluster of duplicate customers, contacts or leads of a
:class:`~salesflow.Portfolio` (the book) into one surviving record, chosen
by a :class:`MergeRule`: the most complete, the most recent, or the first;
fields the survivor lacks are filled from the others, and a field may be
taken from a trusted record. Everything that pointed at a merged record is
re-pointed at the survivor: for customers their opportunities, contacts,
activities and the leads that name them; for contacts the activities and
the contacts reporting to them. The :class:`Merge` value keeps the whole
lineage (every original record and where it stood, every re-pointing,
every filled field), so :func:`undo` gives the original book back exactly.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import attrs
from cattrs.strategies import configure_tagged_union

from salesflow._checks import Checker, describe, freeze_mapping, to_tuple
from salesflow.convert import converter
from salesflow.dedupe.evidence import Cluster
from salesflow.exceptions import ValidationError
from salesflow.money import Money
from salesflow.records import Contact, Customer, Lead, Portfolio

__all__ = [
    "FieldChoice",
    "Merge",
    "MergeRule",
    "MergedRecord",
    "Original",
    "Repoint",
    "SurvivorRule",
    "merge",
    "undo",
]

MergedRecord = Customer | Contact | Lead
# the records of a merge are stored tagged with their kind: {"kind": "customer", ...}
configure_tagged_union(
    MergedRecord, converter, tag_name="record", tag_generator=lambda cl: cl.__name__.lower()
)

_COLLECTIONS: dict[type, str] = {Customer: "customers", Contact: "contacts", Lead: "leads"}


class SurvivorRule(enum.StrEnum):
    """Which record of a cluster survives a merge."""

    MOST_COMPLETE = "most_complete"  #: the one with the most fields filled
    MOST_RECENT = "most_recent"  #: the one with the latest activity, order or creation
    FIRST = "first"  #: the first id of the cluster


def _empty_trusted() -> Mapping[str, str]:
    empty: Mapping[str, str] = freeze_mapping({})
    return empty


@attrs.frozen(slots=True, kw_only=True)
class MergeRule:
    """How to merge: the survivor rule (or an explicit ``survivor_id``), trusted sources.

    ``trusted`` maps a field path (``"basic.phone"``, ``"email"``) to the id
    of the record whose value wins; ``fill_gaps`` fills the survivor's empty
    fields from the other records, in cluster order.
    """

    survivor: SurvivorRule = SurvivorRule.MOST_COMPLETE
    survivor_id: str | None = None
    trusted: Mapping[str, str] = attrs.field(
        factory=_empty_trusted, converter=freeze_mapping, hash=False
    )
    fill_gaps: bool = True

    def __attrs_post_init__(self) -> None:
        check = Checker("MergeRule")
        check.enum_field(self, "survivor", SurvivorRule)
        check.optional_text("survivor_id", self.survivor_id)
        if not isinstance(self.trusted, Mapping):
            check.add(
                "trusted", f"expected a mapping of field to record id, got {describe(self.trusted)}"
            )
        else:
            for path, rid in self.trusted.items():
                check.text(f"trusted[{path!r}]", rid)
        check.instance("fill_gaps", self.fill_gaps, bool, "true or false")
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Repoint:
    """One reference changed by a merge: ``collection[id].field`` from ``old`` to ``new``."""

    collection: str
    id: str
    field: str
    old: str
    new: str


@attrs.frozen(slots=True, kw_only=True)
class FieldChoice:
    """A survivor's field taken from another record (``source``) by a merge."""

    field: str
    source: str
    reason: (
        str  # "filled" (the survivor had none), "trusted", or "cleared" (pointed at the cluster)
    )


@attrs.frozen(slots=True, kw_only=True)
class Original:
    """A record as it was before a merge, and its index in the book's collection."""

    position: int
    record: MergedRecord


@attrs.frozen(slots=True, kw_only=True)
class Merge:
    """A merge and its full lineage: enough to explain it and to undo it exactly.

    ``originals`` are the records as they were, survivor first, each with
    its index in the book's collection; ``survivor`` is the record as the
    merge left it.
    """

    collection: str
    survivor_id: str
    merged_ids: tuple[str, ...] = attrs.field(converter=to_tuple)
    rule: MergeRule
    originals: tuple[Original, ...] = attrs.field(converter=to_tuple)
    survivor: MergedRecord
    repoints: tuple[Repoint, ...] = attrs.field(default=(), converter=to_tuple)
    choices: tuple[FieldChoice, ...] = attrs.field(default=(), converter=to_tuple)

    @property
    def ids(self) -> tuple[str, ...]:
        """Every id of the merged cluster, survivor first."""
        return (self.survivor_id, *self.merged_ids)


# -- choosing the survivor and its fields ------------------------------------------


def _default(field: attrs.Attribute[Any]) -> Any:
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    return default


def _leaves(record: Any, *, top: bool = True) -> dict[str, tuple[Any, Any]]:
    """Each field path of a record (one level into its parts): (value, default)."""
    found: dict[str, tuple[Any, Any]] = {}
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if top and attrs.has(type(value)) and not isinstance(value, Money):
            for sub, pair in _leaves(value, top=False).items():
                found[f"{field.name}.{sub}"] = pair
        elif field.name != "id":
            found[field.name] = (value, _default(field))
    return found


def _empty(value: Any, default: Any) -> bool:
    return value is None or value == "" or value == () or value == default


def _completeness(record: Any) -> int:
    return sum(not _empty(v, d) for v, d in _leaves(record).values())


def _as_time(value: date | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _last_seen(book: Portfolio, record: MergedRecord) -> datetime:
    times: list[datetime | None] = []
    if isinstance(record, Lead):
        times.append(record.created_at)
    if isinstance(record, Customer):
        times.append(_as_time(record.trading.last_order))
        times.extend(o.updated_at for o in book.opportunities if o.customer_id == record.id)
    key = "customer_id" if isinstance(record, Customer) else "contact_id"
    for a in book.activities:
        if getattr(a, key) == record.id:
            times.extend((a.done_at, a.planned_at))
    return max((t for t in times if t is not None), default=datetime.min.replace(tzinfo=UTC))


def _survivor(book: Portfolio, records: list[MergedRecord], rule: MergeRule) -> int:
    if rule.survivor_id is not None:
        return next(i for i, r in enumerate(records) if r.id == rule.survivor_id)
    if rule.survivor is SurvivorRule.FIRST:
        return 0
    if rule.survivor is SurvivorRule.MOST_RECENT:
        seen = [_last_seen(book, r) for r in records]
        return max(range(len(records)), key=lambda i: (seen[i], -i))
    return max(range(len(records)), key=lambda i: (_completeness(records[i]), -i))


def _set(record: Any, path: str, value: Any) -> Any:
    head, _, rest = path.partition(".")
    if rest:
        return attrs.evolve(record, **{head: _set(getattr(record, head), rest, value)})
    return attrs.evolve(record, **{head: value})


def _inward(path: str, record: MergedRecord, ids: set[str]) -> bool:
    """A reference into the cluster itself (a contact reporting to a merged one)."""
    return path == "reports_to" and getattr(record, "reports_to", None) in ids


def _merged_fields(
    survivor: MergedRecord, others: list[MergedRecord], rule: MergeRule
) -> tuple[MergedRecord, list[FieldChoice]]:
    result: Any = survivor
    choices: list[FieldChoice] = []
    leaves = _leaves(survivor)
    by_id = {r.id: r for r in others}
    ids = {survivor.id, *by_id}
    for path, rid in sorted(rule.trusted.items()):
        if rid in by_id and not _inward(path, by_id[rid], ids):
            value = _leaves(by_id[rid])[path][0]
            if value != leaves[path][0]:
                try:
                    result = _set(result, path, value)
                except ValidationError:
                    continue
                choices.append(FieldChoice(field=path, source=rid, reason="trusted"))
    if rule.fill_gaps:
        for path, (value, default) in leaves.items():
            if path in rule.trusted or not _empty(value, default):
                continue
            donor = next(
                (r for r in others if not _empty(*_leaves(r)[path]) and not _inward(path, r, ids)),
                None,
            )
            if donor is not None:
                try:  # a value may not fit the survivor's other fields (dates out of order)
                    result = _set(result, path, _leaves(donor)[path][0])
                except ValidationError:
                    continue
                choices.append(FieldChoice(field=path, source=donor.id, reason="filled"))
    return result, choices


# -- re-pointing -------------------------------------------------------------------


def _references(collection: str) -> tuple[tuple[str, str], ...]:
    if collection == "customers":
        return (
            ("opportunities", "customer_id"),
            ("contacts", "customer_id"),
            ("activities", "customer_id"),
        )
    if collection == "contacts":
        return (("activities", "contact_id"), ("contacts", "reports_to"))
    return ()


def _repoints(
    book: Portfolio, collection: str, survivor: MergedRecord, merged: list[MergedRecord]
) -> list[Repoint]:
    gone = {r.id for r in merged}
    found: list[Repoint] = []
    for target, field in _references(collection):
        for record in getattr(book, target):
            old = getattr(record, field)
            if old in gone and record.id not in gone and record.id != survivor.id:
                found.append(
                    Repoint(collection=target, id=record.id, field=field, old=old, new=survivor.id)
                )
    if collection == "customers":
        names = {r.name for r in merged if isinstance(r, Customer)} - {
            getattr(survivor, "name", "")
        }
        for lead in book.leads:
            if lead.customer_name in names:
                new = getattr(survivor, "name", lead.customer_name)
                found.append(
                    Repoint(
                        collection="leads",
                        id=lead.id,
                        field="customer_name",
                        old=lead.customer_name,
                        new=new,
                    )
                )
    return found


def _apply(book: Portfolio, repoints: Sequence[Repoint], *, reverse: bool) -> dict[str, Any]:
    tables: dict[str, Any] = {
        name: list(getattr(book, name))
        for name in ("customers", "contacts", "leads", "opportunities", "activities")
    }
    for rp in repoints:
        rows = tables[rp.collection]
        i = next(k for k, r in enumerate(rows) if r.id == rp.id)
        rows[i] = attrs.evolve(rows[i], **{rp.field: rp.old if reverse else rp.new})
    return tables


# -- the entry points --------------------------------------------------------------


def _cluster_records(
    book: Portfolio, cluster: object, check: Checker
) -> tuple[str, list[MergedRecord], list[int]]:
    ids = cluster.ids if isinstance(cluster, Cluster) else cluster
    if isinstance(ids, (str, bytes)) or not isinstance(ids, Sequence) or len(ids) < 2:
        check.add(
            "cluster", f"expected a Cluster or at least two record ids, got {describe(cluster)}"
        )
        check.fail()
    check.unique("cluster", [str(i) for i in ids], "record id")
    for collection in ("customers", "contacts", "leads"):
        index = {r.id: k for k, r in enumerate(getattr(book, collection))}
        if ids[0] in index:
            break
    missing = [i for i in ids if i not in index]
    for i in missing:
        check.add(
            "cluster", f"no record {i!r} in the book's {collection} (a cluster holds one kind)"
        )
    check.done()
    positions = [index[i] for i in ids]
    return collection, [getattr(book, collection)[k] for k in positions], positions


def merge(
    book: Portfolio, cluster: Cluster | Sequence[str], *, rule: MergeRule | None = None
) -> tuple[Portfolio, Merge]:
    """The book with ``cluster`` merged into one record, and the :class:`Merge` that did it.

    Bad input (not a book, an unknown id, ids of two kinds, a survivor or a
    trusted record outside the cluster, an unknown field path) is a
    :class:`~salesflow.ValidationError` naming the path; the book is unchanged.
    """
    check = Checker("merge")
    if not isinstance(book, Portfolio):
        check.add("book", f"expected a Portfolio, got {describe(book)}")
    chosen = MergeRule() if rule is None else rule
    if not isinstance(chosen, MergeRule):
        check.add("rule", f"expected a MergeRule or None, got {describe(rule)}")
    check.done()
    collection, records, positions = _cluster_records(book, cluster, check)
    ids = [r.id for r in records]
    if chosen.survivor_id is not None and chosen.survivor_id not in ids:
        check.add(
            "rule.survivor_id", f"{chosen.survivor_id!r} is not in the cluster ({', '.join(ids)})"
        )
    leaves = _leaves(records[0])
    for path, rid in chosen.trusted.items():
        if path not in leaves:
            check.add(
                f"rule.trusted[{path!r}]",
                f"unknown field (expected one of {', '.join(sorted(leaves))})",
            )
        if rid not in ids:
            check.add(
                f"rule.trusted[{path!r}]", f"{rid!r} is not in the cluster ({', '.join(ids)})"
            )
    check.done()
    k = _survivor(book, records, chosen)
    order = [k, *(i for i in range(len(records)) if i != k)]
    survivor, others = records[k], [records[i] for i in order[1:]]
    merged, choices = _merged_fields(survivor, others, chosen)
    if isinstance(merged, Contact) and merged.reports_to in {survivor.id, *(r.id for r in others)}:
        choices.append(FieldChoice(field="reports_to", source=merged.reports_to, reason="cleared"))
        merged = attrs.evolve(merged, reports_to=None)
    repoints = _repoints(book, collection, merged, others)
    tables = _apply(book, repoints, reverse=False)
    gone = {r.id for r in others}
    tables[collection] = [
        merged if r.id == survivor.id else r for r in tables[collection] if r.id not in gone
    ]
    record = Merge(
        collection=collection,
        survivor_id=survivor.id,
        merged_ids=[r.id for r in others],
        rule=chosen,
        originals=[Original(position=positions[i], record=records[i]) for i in order],
        survivor=merged,
        repoints=repoints,
        choices=choices,
    )
    return attrs.evolve(book, **tables), record


def undo(book: Portfolio, merge: Merge) -> Portfolio:
    """The book as it was before ``merge`` (given the book the merge returned).

    A book changed since in a way that touches the merge (the survivor
    edited, a merged id reused, a re-pointed reference moved) is a
    :class:`~salesflow.ValidationError` at ``book``; nothing is changed.
    """
    check = Checker("undo")
    if not isinstance(book, Portfolio):
        check.add("book", f"expected a Portfolio, got {describe(book)}")
    if not isinstance(merge, Merge):
        check.add("merge", f"expected a Merge, got {describe(merge)}")
    check.done()
    rows = list(getattr(book, merge.collection))
    where = f"book.{merge.collection}"
    at = next((k for k, r in enumerate(rows) if r.id == merge.survivor_id), None)
    if at is None or rows[at] != merge.survivor:
        check.add(
            where, f"the survivor {merge.survivor_id!r} is missing or changed since the merge"
        )
    for rid in merge.merged_ids:
        if any(r.id == rid for r in rows):
            check.add(where, f"{rid!r} is in the book again (expected it merged away)")
    for rp in merge.repoints:
        target = next((r for r in getattr(book, rp.collection) if r.id == rp.id), None)
        if target is None or getattr(target, rp.field) != rp.new:
            check.add(
                f"book.{rp.collection}", f"{rp.id!r}.{rp.field} no longer points at {rp.new!r}"
            )
    check.done()
    tables = _apply(book, merge.repoints, reverse=True)
    first = merge.originals[0].record
    restored = [first if r.id == merge.survivor_id else r for r in tables[merge.collection]]
    for original in sorted(merge.originals[1:], key=lambda o: o.position):
        restored.insert(original.position, original.record)
    tables[merge.collection] = restored
    return attrs.evolve(book, **tables)
