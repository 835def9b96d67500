"""The Fellegi-Sunter model: m and u probabilities of each level, and their weights.

For each comparison and level, ``m`` is the probability of that level for a
pair of records of one entity and ``u`` for a pair of two entities; the
weight of a level is ``log2(m / u)`` bits, and a pair's match weight is the
prior's weight plus the weights of its levels (a missing field weighs
nothing). :func:`fit` estimates ``m``, ``u`` and the prior by expectation
maximisation from the comparison patterns of unlabelled candidate pairs,
as recordlinkage's ECM classifier and splink do; :func:`prior_model` gives
the starting values, used as they are when there are too few pairs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from salesflow._checks import Checker, describe, freeze_mapping
from salesflow.dedupe.settings import Method, Settings
from salesflow.exceptions import ValidationError

__all__ = ["Model", "fit", "prior_model"]

_FLOOR = 1e-6

#: Starting m and u of each method's levels (lowest level first).
_PRIORS: dict[Method, tuple[tuple[float, ...], tuple[float, ...]]] = {
    Method.EXACT: ((0.1, 0.9), (0.9, 0.1)),
    Method.TEXT: ((0.05, 0.1, 0.25, 0.6), (0.85, 0.1, 0.04, 0.01)),
    Method.NEAR: ((0.05, 0.1, 0.25, 0.6), (0.85, 0.1, 0.04, 0.01)),
    Method.CORE: ((0.02, 0.03, 0.05, 0.15, 0.75), (0.9, 0.04, 0.04, 0.005, 0.015)),
    Method.REGION: ((0.01, 0.04, 0.95), (0.9, 0.02, 0.08)),
    Method.INDUSTRY: ((0.02, 0.08, 0.9), (0.7, 0.1, 0.2)),
    Method.PERSON: ((0.05, 0.1, 0.15, 0.7), (0.9, 0.06, 0.03, 0.01)),
    Method.EMAIL: ((0.2, 0.2, 0.6), (0.9, 0.09, 0.01)),
}
#: Starting m and u of the preset fields compared exactly: keys agree rarely
#: between two entities, a legal form often.
_FIELD_PRIORS: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "uscc": ((0.01, 0.99), (0.99, 0.01)),
    "phone": ((0.2, 0.8), (0.99, 0.01)),
    "web_domain": ((0.2, 0.8), (0.98, 0.02)),
    "customer_id": ((0.3, 0.7), (0.8, 0.2)),
    "branch": ((0.005, 0.995), (0.1, 0.9)),
    "legal_kind": ((0.3, 0.7), (0.5, 0.5)),
}


def _probabilities(check: Checker, path: str, value: object) -> bool:
    if not isinstance(value, tuple) or not value:
        check.add(path, f"expected a tuple of probabilities, got {describe(value)}")
        return False
    for i, p in enumerate(value):
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
            check.add(f"{path}[{i}]", f"expected a probability from 0 to 1, got {describe(p)}")
            return False
    if abs(sum(value) - 1) > 1e-6:
        check.add(path, f"the probabilities add up to {sum(value):.6f} (expected 1)")
        return False
    return True


@attrs.frozen(slots=True, kw_only=True)
class Model:
    """The estimated probabilities: ``prior`` (share of candidate pairs that match), m, u.

    ``pairs`` is how many candidate pairs it was estimated from (0 for the
    prior values), ``iterations`` how many EM steps it took and
    ``converged`` whether it settled within the tolerance.
    """

    prior: float
    m: Mapping[str, tuple[float, ...]] = attrs.field(converter=freeze_mapping, hash=False)
    u: Mapping[str, tuple[float, ...]] = attrs.field(converter=freeze_mapping, hash=False)
    pairs: int = 0
    iterations: int = 0
    converged: bool = True

    def __attrs_post_init__(self) -> None:
        check = Checker("Model")
        p = self.prior
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 < p < 1:
            check.add("prior", f"expected a probability between 0 and 1, got {describe(p)}")
        for name in ("m", "u"):
            table = getattr(self, name)
            if not isinstance(table, Mapping):
                check.add(
                    name, f"expected a mapping of field to probabilities, got {describe(table)}"
                )
                continue
            for field, probs in table.items():
                _probabilities(check, f"{name}[{field!r}]", probs)
        if (
            isinstance(self.m, Mapping)
            and isinstance(self.u, Mapping)
            and set(self.m) != set(self.u)
        ):
            check.add("u", f"fields {sorted(self.u)} differ from m's {sorted(self.m)}")
        check.integer("pairs", self.pairs, low=0)
        check.integer("iterations", self.iterations, low=0)
        check.instance("converged", self.converged, bool, "true or false")
        check.done()

    def weight(self, field: str, level: int) -> float:
        """The weight in bits of ``level`` of ``field`` (0 for a missing value, level -1)."""
        if level < 0:
            return 0.0
        return math.log2(max(self.m[field][level], _FLOOR) / max(self.u[field][level], _FLOOR))

    @property
    def prior_weight(self) -> float:
        """The prior's weight in bits: ``log2(prior / (1 - prior))``."""
        return math.log2(self.prior / (1 - self.prior))

    def check_fits(self, settings: Settings) -> None:
        """A ValidationError at ``model`` unless every comparison has its levels here."""
        check = Checker("model")
        for c in settings.comparisons:
            for name in ("m", "u"):
                probs = getattr(self, name).get(c.field)
                if probs is None or len(probs) != len(c.levels):
                    check.add(
                        f"{name}[{c.field!r}]",
                        f"expected {len(c.levels)} probabilities ({', '.join(c.levels)}), "
                        f"got {describe(probs)}",
                    )
        check.done()


def prior_model(settings: Settings) -> Model:
    """The starting values of ``settings``: each method's priors, 10% of pairs matching."""
    if not isinstance(settings, Settings):
        raise ValidationError.single(
            "prior_model", "settings", f"expected a Settings, got {describe(settings)}"
        )
    m: dict[str, tuple[float, ...]] = {}
    u: dict[str, tuple[float, ...]] = {}
    for c in settings.comparisons:
        m[c.field], u[c.field] = _PRIORS[c.method]
        if c.method is Method.EXACT and c.field in _FIELD_PRIORS:
            m[c.field], u[c.field] = _FIELD_PRIORS[c.field]
    return Model(prior=0.1, m=m, u=u)


def _normalised(counts: list[float]) -> tuple[float, ...]:
    floored = [max(c, _FLOOR) for c in counts]
    total = sum(floored)
    return tuple(c / total for c in floored)


def _step(patterns: Mapping[tuple[int, ...], int], fields: tuple[str, ...], model: Model) -> Model:
    sizes = [len(model.m[f]) for f in fields]
    m_counts = [[0.0] * n for n in sizes]
    u_counts = [[0.0] * n for n in sizes]
    matched = total = 0.0
    for pattern, count in patterns.items():
        lm, lu = model.prior, 1 - model.prior
        for f, lev in zip(fields, pattern, strict=True):
            if lev >= 0:
                lm *= model.m[f][lev]
                lu *= model.u[f][lev]
        g = lm / (lm + lu) if lm + lu > 0 else 0.0
        matched += g * count
        total += count
        for i, lev in enumerate(pattern):
            if lev >= 0:
                m_counts[i][lev] += g * count
                u_counts[i][lev] += (1 - g) * count
    prior = min(max(matched / total, _FLOOR), 1 - _FLOOR)
    return Model(
        prior=prior,
        m={f: _normalised(m_counts[i]) for i, f in enumerate(fields)},
        u={f: _normalised(u_counts[i]) for i, f in enumerate(fields)},
        pairs=int(total),
        iterations=model.iterations + 1,
        converged=False,
    )


def _change(a: Model, b: Model) -> float:
    worst = abs(a.prior - b.prior)
    for f in a.m:
        for x, y in zip(a.m[f] + a.u[f], b.m[f] + b.u[f], strict=True):
            worst = max(worst, abs(x - y))
    return worst


def fit(patterns: Mapping[tuple[int, ...], int], settings: Settings, start: Model) -> Model:
    """m, u and the prior estimated by EM from ``patterns`` (pattern -> number of pairs).

    A pattern holds one level index per comparison of ``settings`` (-1 for a
    missing value). Stops after ``settings.max_iterations`` steps or when no
    probability moves by more than ``settings.tolerance``.
    """
    fields = settings.fields
    ordered = dict(sorted(patterns.items()))  # the same sums whatever the pairs' order
    model = attrs.evolve(start, iterations=0)
    for _ in range(settings.max_iterations):
        new = _step(ordered, fields, model)
        if _change(model, new) < settings.tolerance:
            return attrs.evolve(new, converged=True)
        model = new
    return model
