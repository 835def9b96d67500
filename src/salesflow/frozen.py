"""``FrozenDict``: the read-only mapping every salesflow value holds.

Records, definitions and results keep their mappings (a deal's
``attributes``, a checklist's conditions, a score's contributions) as a
:class:`FrozenDict`: a copy of what the caller passed that cannot be
changed afterwards, that pickles and deep-copies like any value, and that
reads as fast as a ``dict`` (it is one, with every mutating method refused).

>>> from salesflow import FrozenDict
>>> facts = FrozenDict({"budget": True, "authority": False})
>>> facts["budget"], len(facts)
(True, 2)
>>> facts
FrozenDict({'budget': True, 'authority': False})
>>> facts["need"] = True
Traceback (most recent call last):
...
TypeError: a FrozenDict cannot be changed (build a new one, e.g. FrozenDict({**old, key: value}))
>>> facts | {"need": True}
FrozenDict({'budget': True, 'authority': False, 'need': True})

Nothing here registers anything with the interpreter: pickling and
copying go through the class's own ``__reduce__``, so other libraries'
mappings behave exactly as they did before ``import salesflow``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any, NoReturn, TypeVar

__all__ = ["FrozenDict"]

K = TypeVar("K")
V = TypeVar("V")

_REFUSED = "a FrozenDict cannot be changed (build a new one, e.g. FrozenDict({**old, key: value}))"


class FrozenDict(dict[K, V]):
    """A ``dict`` whose contents are fixed when it is built.

    Equal to any mapping with the same items, hashable when its values
    are, and rebuilt (never shared with the caller) from whatever mapping
    or pairs it is given.
    """

    __slots__ = ("_hash",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if hasattr(self, "_hash"):  # __init__ called again on a built value
            self._refuse()
        dict.__init__(self, *args, **kwargs)
        self._hash: int | None = None

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(_REFUSED)

    __setitem__ = _refuse
    __delitem__ = _refuse
    __ior__ = _refuse
    clear = _refuse
    pop = _refuse
    popitem = _refuse
    setdefault = _refuse
    update = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        if self._hash is None:
            self._hash = hash(frozenset(self.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"

    def __or__(self, other: Any) -> FrozenDict[K, V]:  # type: ignore[override]
        if not isinstance(other, Mapping):
            return NotImplemented
        return FrozenDict({**self, **other})

    def __ror__(self, other: Any) -> FrozenDict[K, V]:  # type: ignore[override]
        if not isinstance(other, Mapping):
            return NotImplemented
        return FrozenDict({**other, **self})

    def __reduce__(self) -> tuple[Any, tuple[dict[K, V]]]:
        return (FrozenDict, (dict(self),))

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, tuple[dict[K, V]]]:
        return self.__reduce__()

    def __copy__(self) -> FrozenDict[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict[K, V]:
        return FrozenDict(copy.deepcopy(dict(self), memo))

    @classmethod
    def fromkeys(cls, keys: Iterable[Any], value: Any = None) -> FrozenDict[Any, Any]:
        return cls(dict.fromkeys(keys, value))


#: The empty frozen mapping (shared: it can never change).
EMPTY: FrozenDict[Any, Any] = FrozenDict()
