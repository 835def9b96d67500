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

import ast
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

__all__ = [
    "PROBLEM_CODES",
    "ApprovalError",
    "DefinitionError",
    "MissingExtraError",
    "Problem",
    "Reason",
    "SalesflowError",
    "TransitionError",
    "ValidationError",
    "code_for",
    "path_parts",
]


class SalesflowError(Exception):
    """Root of every error salesflow raises on purpose."""


#: The stable codes a :class:`Problem` carries, each with what it means.
PROBLEM_CODES: dict[str, str] = {
    "missing": "a required key or value is missing or empty",
    "unknown_key": "a key the value does not have",
    "type": "a value of the wrong type (a string where a number belongs, ...)",
    "format": "text of the wrong shape (a date, a key, an e-mail address, a currency code)",
    "range": "a number or a choice outside what is allowed",
    "duplicate": "a key or id given twice where each must be unique",
    "rule": "a rule of the record across its fields (a lost deal needs a reason, ...)",
}

#: Message shapes and the code each means, tried in order (the messages of
#: the converter and the records' checks are written to these shapes).
_CODE_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), code)
    for pattern, code in (
        (r"^required key missing|^missing value|^must not be empty|\bis required\b", "missing"),
        (r"^unknown key\b", "unknown_key"),
        (r"^duplicate\b", "duplicate"),
        (r"out of range|\bis negative\b|^expected one of|is not a valid [A-Z]", "range"),
        (r"^float .* refused|^expected (a|an|the|true|one|only)\b|, got ", "type"),
        (r"^naive datetime|\bis not (an?|shaped)\b|^not valid (JSON|TOML)", "format"),
    )
)

_PATH_TOKEN = re.compile(r"\.?([^.\[\]]+)|\[(-?\d+)\]|\[('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]")


def code_for(message: str) -> str:
    """The stable code of a problem with ``message`` (``"rule"`` when no shape fits)."""
    for pattern, code in _CODE_SHAPES:
        if pattern.search(message):
            return code
    return "rule"


def path_parts(path: str) -> tuple[str | int, ...]:
    """``path`` as parts: ``"history[2].at"`` -> ``("history", 2, "at")``.

    Mapping keys written ``['name']`` become the key itself; a path that does
    not read as parts is kept whole as one part.
    """
    parts: list[str | int] = []
    pos = 0
    while pos < len(path):
        match = _PATH_TOKEN.match(path, pos)
        if match is None or match.end() == pos:
            return (path,)
        name, index, quoted = match.groups()
        if name is not None:
            parts.append(name)
        elif index is not None:
            parts.append(int(index))
        else:
            parts.append(ast.literal_eval(quoted))
        pos = match.end()
    return tuple(parts)


def _default_code(problem: Problem) -> str:
    return code_for(problem.message) if isinstance(problem.message, str) else "rule"


@attrs.frozen(slots=True)
class Problem:
    """One thing wrong with a value: where (``path``), what (``message``), which kind (``code``).

    ``path`` is dotted and indexed from the value handed in, e.g.
    ``contacts[1].email`` or ``stages[2].checklist.items[0].key``. An empty
    path means the value as a whole; :attr:`path_parts` gives it as parts
    (``("contacts", 1, "email")``). ``code`` is stable and machine-readable,
    one of :data:`PROBLEM_CODES` (``"type"``, ``"missing"``,
    ``"unknown_key"``, ``"range"``, ``"format"``, ``"duplicate"``,
    ``"rule"``); when not given it is read from the message's shape.

    >>> p = Problem("history[2].at", "naive datetime 2026-03-01T09:30:00 (expected ...)")
    >>> p.code, p.path_parts
    ('format', ('history', 2, 'at'))
    >>> p.as_dict()["path_parts"]
    ['history', 2, 'at']
    """

    path: str
    message: str
    code: str = attrs.field(default=attrs.Factory(_default_code, takes_self=True))

    def prefixed(self, prefix: str) -> Problem:
        """The same problem seen from a containing value at ``prefix``."""
        if not prefix:
            return self
        if not self.path:
            return Problem(prefix, self.message, self.code)
        sep = "" if self.path.startswith("[") else "."
        return Problem(f"{prefix}{sep}{self.path}", self.message, self.code)

    @property
    def path_parts(self) -> tuple[str | int, ...]:
        """The path as parts: names, list indexes (ints) and mapping keys."""
        return path_parts(self.path) if self.path else ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``path``, ``path_parts``, ``code`` and ``message``."""
        return {
            "path": self.path,
            "path_parts": list(self.path_parts),
            "code": self.code,
            "message": self.message,
        }

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

    @property
    def codes(self) -> tuple[str, ...]:
        """The problems' codes, in order."""
        return tuple(p.code for p in self.problems)

    def to_list(self) -> list[dict[str, Any]]:
        """Every problem as a JSON-ready dict (see :meth:`Problem.as_dict`), in order.

        The body of an HTTP 422 answer, as it is.
        """
        return [p.as_dict() for p in self.problems]

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
