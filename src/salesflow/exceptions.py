"""The one family of errors salesflow raises.

Every error the library raises on purpose is a :class:`SalesflowError`.
Errors from cattrs and python-statemachine are translated at the boundary,
so a caller catches one family.

* :class:`ValidationError`: bad data. Carries *every* failing path with its
  message (:attr:`ValidationError.problems`), not only the first.
* :class:`DefinitionError`: a bad pipeline, checklist, scorecard or rule
  definition. A kind of :class:`ValidationError`, with the same problems.
* :class:`MissingExtraError`: an optional feature whose extra is not
  installed; the message names the extra (``pip install 'salesflow[graphviz]'``).
* :class:`TransitionError`: a move that is not allowed. Carries the reasons
  (:attr:`TransitionError.reasons`), each with a stable code, and the unmet
  requirements of the gate.
* :class:`ApprovalError`: a control refused a decision (an approval, a
  change to governed data, a delivery before payment). Carries the reasons,
  each with a stable code, like :class:`TransitionError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

__all__ = [
    "ApprovalError",
    "DefinitionError",
    "MissingExtraError",
    "Problem",
    "Reason",
    "SalesflowError",
    "TransitionError",
    "ValidationError",
]


class SalesflowError(Exception):
    """Root of every error salesflow raises on purpose."""


@attrs.frozen(slots=True)
class Problem:
    """One thing wrong with a value: where (``path``) and what (``message``).

    ``path`` is dotted and indexed from the value handed in, e.g.
    ``contacts[1].email`` or ``stages[2].checklist.items[0].key``. An empty
    path means the value as a whole.
    """

    path: str
    message: str

    def prefixed(self, prefix: str) -> Problem:
        """The same problem seen from a containing value at ``prefix``."""
        if not prefix:
            return self
        if not self.path:
            return Problem(prefix, self.message)
        sep = "" if self.path.startswith("[") else "."
        return Problem(f"{prefix}{sep}{self.path}", self.message)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def _render(subject: str, problems: Sequence[Problem]) -> str:
    if len(problems) == 1:
        return f"invalid {subject}: {problems[0]}"
    lines = [f"{len(problems)} problems in {subject}:"]
    lines.extend(f"  {p}" for p in problems)
    return "\n".join(lines)


class ValidationError(SalesflowError, ValueError):
    """Bad data: a value that breaks its type's rules.

    ``problems`` lists every failing path with its message; ``str(error)``
    shows them one a line. ``subject`` names what was being validated.
    """

    problems: tuple[Problem, ...]
    subject: str

    def __init__(self, subject: str, problems: Iterable[Problem]) -> None:
        self.subject = subject
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("a ValidationError needs at least one problem")
        super().__init__(_render(subject, self.problems))

    @classmethod
    def single(cls, subject: str, path: str, message: str) -> ValidationError:
        """An error with exactly one problem."""
        return cls(subject, [Problem(path, message)])

    @property
    def paths(self) -> tuple[str, ...]:
        """The failing paths, in the order they were found."""
        return tuple(p.path for p in self.problems)

    def __reduce__(self) -> tuple[type[ValidationError], tuple[str, tuple[Problem, ...]]]:
        return (type(self), (self.subject, self.problems))


class DefinitionError(ValidationError):
    """A bad definition: pipeline, checklist, scorecard or time rule.

    Lists every problem with its path, e.g.
    ``stages[2].checklist.items[0].key: duplicate item key 'visit'``.
    """


class MissingExtraError(SalesflowError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


@attrs.frozen(slots=True)
class Reason:
    """Why a move was refused.

    ``code`` is stable and machine-readable (``"wrong_status"``,
    ``"unknown_stage"``, ``"not_allowed"``, ``"skipped_gate"``,
    ``"unmet_requirement"``, ...); ``message`` says it in words; ``stage`` is
    the stage the reason is about and ``requirement`` the unmet requirement
    (a field name, a guard name or a checklist item key), when there is one.
    """

    code: str
    message: str
    stage: str | None = None
    requirement: str | None = None

    def __str__(self) -> str:
        return self.message


class TransitionError(SalesflowError):
    """A move that the pipeline does not allow.

    ``move`` names the move (``"advance"``, ``"win"``, ...), ``opportunity_id``
    the deal, ``from_stage`` and ``to_stage`` where it was and where it was
    asked to go, and ``reasons`` every reason it was refused. ``unmet`` lists
    the unmet requirements of the gates involved, in order.
    """

    move: str
    opportunity_id: str
    from_stage: str | None
    to_stage: str | None
    reasons: tuple[Reason, ...]

    def __init__(
        self,
        move: str,
        opportunity_id: str,
        reasons: Iterable[Reason],
        *,
        from_stage: str | None = None,
        to_stage: str | None = None,
    ) -> None:
        self.move = move
        self.opportunity_id = opportunity_id
        self.from_stage = from_stage
        self.to_stage = to_stage
        self.reasons = tuple(reasons)
        if not self.reasons:
            raise ValueError("a TransitionError needs at least one reason")
        where = f" from {from_stage!r}" if from_stage else ""
        target = f" to {to_stage!r}" if to_stage else ""
        head = f"cannot {move} opportunity {opportunity_id!r}{where}{target}"
        if len(self.reasons) == 1:
            text = f"{head}: {self.reasons[0].message}"
        else:
            text = "\n".join([f"{head}:", *(f"  - {r.message}" for r in self.reasons)])
        super().__init__(text)

    def __reduce__(self) -> tuple[Any, ...]:
        # the stages are keyword-only: pickle and copy rebuild through a helper
        return (
            _rebuild_transition_error,
            (
                type(self),
                self.move,
                self.opportunity_id,
                self.reasons,
                self.from_stage,
                self.to_stage,
            ),
        )

    @property
    def codes(self) -> tuple[str, ...]:
        """The reasons' codes, in order."""
        return tuple(r.code for r in self.reasons)

    @property
    def unmet(self) -> tuple[str, ...]:
        """The unmet requirements (field, guard or item keys), in order."""
        return tuple(r.requirement for r in self.reasons if r.requirement is not None)


def _rebuild_transition_error(
    cls: type[TransitionError],
    move: str,
    opportunity_id: str,
    reasons: tuple[Reason, ...],
    from_stage: str | None,
    to_stage: str | None,
) -> TransitionError:
    return cls(move, opportunity_id, reasons, from_stage=from_stage, to_stage=to_stage)


class ApprovalError(SalesflowError):
    """A control refused an action; nothing changed.

    ``action`` names it (``"approve"``, ``"apply_change"``, ``"deliver"``, ...),
    ``subject_id`` the request, record or order it was about, and ``reasons``
    every reason it was refused, each with a stable ``code``
    (``"requester_cannot_approve"``, ``"already_decided"``,
    ``"conflicting_duty"``, ``"not_an_approver"``, ...). A reason's
    ``requirement`` names the step or field it is about, when there is one.
    """

    action: str
    subject_id: str
    reasons: tuple[Reason, ...]

    def __init__(self, action: str, subject_id: str, reasons: Iterable[Reason]) -> None:
        self.action = action
        self.subject_id = subject_id
        self.reasons = tuple(reasons)
        if not self.reasons:
            raise ValueError("an ApprovalError needs at least one reason")
        head = f"cannot {action} {subject_id!r}"
        if len(self.reasons) == 1:
            text = f"{head}: {self.reasons[0].message}"
        else:
            text = "\n".join([f"{head}:", *(f"  - {r.message}" for r in self.reasons)])
        super().__init__(text)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.action, self.subject_id, self.reasons))

    @property
    def codes(self) -> tuple[str, ...]:
        """The reasons' codes, in order."""
        return tuple(r.code for r in self.reasons)
