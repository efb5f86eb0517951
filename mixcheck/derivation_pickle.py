"""Derivations as bytes, for another process of the same code: :func:`dumps` and :func:`loads`.

Plain pickle rebuilds a SymPy expression by calling its class on its arguments, which evaluates
it again: an unevaluated sum kept as written comes back simplified, and a norm of a vector
expression (:class:`mixcheck.derivation_rules.Norm`) may be refused. Here every expression is
rebuilt node by node with SymPy's evaluation off, so it comes back exactly as it was built
(``expr.func(*expr.args)`` is SymPy's own invariant). What a derivation caches (its printed
dict, its conclusion check, numeric functions) is not kept: the copy works it out again.
:func:`same_as` compares a copy with the original by their dicts (every step's sides, residual,
verdict, grade and method, the result and its forms).

>>> from mixcheck import proofs
>>> d = proofs.get("beta.var")
>>> (copy,) = loads(dumps([d]))
>>> same_as([copy], [d])
[]
"""

from __future__ import annotations

import io
import pickle
from typing import Iterable

import sympy as sp
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanFunction

from mixcheck.derivation import Derivation

__all__ = ["dumps", "loads", "same_as"]


def _unevaluated(func, args):
    """``func(*args)`` with SymPy's evaluation off: the node exactly as it was."""
    with sp.evaluate(False):
        return func(*args)


#: the nodes SymPy evaluates when they are built: sums, products and powers (which merge and
#: reorder), applied functions (their ``eval``: a norm checks its argument, Abs and Max simplify),
#: relations and logical connectives (which decide themselves where they can)
_EVALUATING = (sp.Add, sp.Mul, sp.Pow, sp.Function, Relational, BooleanFunction)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        if isinstance(obj, _EVALUATING) and obj.args:
            return _unevaluated, (obj.func, obj.args)
        return NotImplemented   # everything else as pickle does it (an Integral or Sum keeps its form)


def dumps(derivations: Iterable[Derivation]) -> bytes:
    """The derivations as bytes (see the module docstring)."""
    ds = list(derivations)
    bad = [type(d).__name__ for d in ds if not isinstance(d, Derivation)]
    if bad:
        raise TypeError(f"derivations must be Derivation objects, got {bad[:3]}")
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(ds)
    return buf.getvalue()


def loads(data: bytes) -> list[Derivation]:
    """The derivations that :func:`dumps` wrote (by this same code: bytes from elsewhere are not
    to be trusted, as with any pickle)."""
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be bytes from dumps, got {type(data).__name__}")
    return pickle.loads(data)


def _fingerprint(d: Derivation) -> tuple:
    """Everything of a derivation that its users read: its dict (each step printed, its verdict,
    grade, method, witness; the result, ok, is_proof, proves) and the exact trees (``srepr``) of
    every step's sides and residual, of the result and of the named forms."""
    trees = [(sp.srepr(s.lhs), sp.srepr(s.rhs), sp.srepr(s.residual)) for s in d.steps]
    forms = {k: sp.srepr(v) for k, v in d.forms.items()}
    return d.to_dict(), trees, forms, sp.srepr(d.result), tuple(map(sp.srepr, d.result_args))


def same_as(copies: Iterable[Derivation], originals: Iterable[Derivation]) -> list[str]:
    """The ids of the derivations whose copy differs from the original (see :func:`_fingerprint`);
    empty where every copy is faithful."""
    by_id = {d.id: d for d in originals}
    return [c.id for c in copies if c.id not in by_id or _fingerprint(c) != _fingerprint(by_id[c.id])]
