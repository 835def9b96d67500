"""Control: approvals, separation of duties, price discipline and customer-data governance.

Policies are data (:class:`ApprovalPolicy`: phases of
steps, n of m approvers from a :class:`~salesflow.cadence.Team`,
conditions, conflicting duties, break-glass roles); :class:`Approvals`
opens requests and records decisions, refusing with
:class:`~salesflow.ApprovalError` whatever breaks the separation of duties.
Gates wait for an approval through a registered predicate
(:func:`require_approval`, :func:`approval_item`, :func:`gate_context`).
:class:`PriceList` checks prices against the list and its floor,
:func:`release_delivery` holds goods until payment, and :class:`DataPolicy`
governs, audits and redacts customer data. The control time rules
(:func:`control_rules`) time approvals, data checks and reconciliations
with declared event kinds. The usual policies are presets
(:mod:`salesflow.control.presets`).
"""

from salesflow.control import presets
from salesflow.control._approvals import Approvals
from salesflow.control._gates import (
    approval_item,
    approval_registry,
    gate_context,
    guard_name,
    require_approval,
)
from salesflow.control._governance import (
    AppliedChange,
    AuditEntry,
    ChangeRequest,
    ChangeStatus,
    Classification,
    DataPolicy,
    FieldRule,
    Redacted,
    redact,
)
from salesflow.control._policy import ApprovalPolicy, Approvers, Conflict, Phase, Step, When
from salesflow.control._prices import (
    DeliveryRelease,
    Line,
    LineFinding,
    Price,
    PriceCheck,
    PriceList,
    release_delivery,
)
from salesflow.control._requests import ApprovalRequest, Decision, DecisionKind, RequestStatus
from salesflow.control._timing import (
    APPROVAL_DECIDED,
    APPROVAL_REQUESTED,
    CHANGE_REQUESTED,
    CHANGE_REVIEWED,
    DATA_CHECKED,
    EVENT_KINDS,
    RECONCILED,
    approval_events,
    approval_response,
    change_events,
    change_review_response,
    control_rules,
    data_check_event,
    periodic_reconciliation,
    quarterly_data_check,
    reconciliation_event,
)
from salesflow.exceptions import ApprovalError

__all__ = [
    "APPROVAL_DECIDED",
    "APPROVAL_REQUESTED",
    "CHANGE_REQUESTED",
    "CHANGE_REVIEWED",
    "DATA_CHECKED",
    "EVENT_KINDS",
    "RECONCILED",
    "AppliedChange",
    "ApprovalError",
    "ApprovalPolicy",
    "ApprovalRequest",
    "Approvals",
    "Approvers",
    "AuditEntry",
    "ChangeRequest",
    "ChangeStatus",
    "Classification",
    "Conflict",
    "DataPolicy",
    "Decision",
    "DecisionKind",
    "DeliveryRelease",
    "FieldRule",
    "Line",
    "LineFinding",
    "Phase",
    "Price",
    "PriceCheck",
    "PriceList",
    "Redacted",
    "RequestStatus",
    "Step",
    "When",
    "approval_events",
    "approval_item",
    "approval_registry",
    "approval_response",
    "change_events",
    "change_review_response",
    "control_rules",
    "data_check_event",
    "gate_context",
    "guard_name",
    "periodic_reconciliation",
    "presets",
    "quarterly_data_check",
    "reconciliation_event",
    "redact",
    "release_delivery",
    "require_approval",
]
