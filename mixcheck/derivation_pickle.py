"""Derivations as bytes, for another process of the same code: :func:`dumps` and :func:`loads`.

Plain pickle rebuilds a SymPy expression by calling its class on its arguments, which evaluates
it again: an unevaluated sum kept as written comes back simplified, and a norm of a vector
expression (:class:`mixcheck.derivation_rules.Norm`) may be refused. Here every expression is
rebuilt node by node with SymPy's evaluation off, so it comes back exactly as it was built
(``expr.func(*expr.args)`` is SymPy's own invariant). Each step keeps its printed dict (printing
is a function of its trees, which the copy has exactly, and costs most of a derivation's
dict); what a derivation caches beyond that (its conclusion check, its dict, numeric functions)
is not kept: the copy works it out again. :func:`same_as` compares a copy with the original:
their dicts (every step printed, its verdict, grade and method) and the exact trees of every
step's parts and check arguments, of the result and of its forms.

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

from mixcheck import derivation_rules  # noqa: F401  (a copy's rule steps and definitions re-check with it)
from mixcheck.derivation import Derivation, check_derivations

__all__ = ["dumps", "loads", "same_as"]


def _unevaluated(func, args):
    """``func(*args)`` with SymPy's evaluation off: the node exactly as it was."""
    with sp.evaluate(False):
        return func(*args)


#: the nodes SymPy evaluates when they are built: sums, products and powers (which merge and
#: reorder), applied functions (their ``eval``: a norm checks its argument, Abs and Max simplify),
#: relations and logical connectives (which decide themselves where they can)
_EVALUATING = (sp.Add, sp.Mul, sp.Pow, sp.Function, sp.Min, sp.Max, Relational, BooleanFunction)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        if isinstance(obj, _EVALUATING) and obj.args:
            return _unevaluated, (obj.func, obj.args)
        return NotImplemented   # everything else as pickle does it (an Integral or Sum keeps its form)


def dumps(derivations: Iterable[Derivation]) -> bytes:
    """The derivations as bytes (see the module docstring)."""
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(check_derivations(derivations))
    return buf.getvalue()


def loads(data: bytes) -> list[Derivation]:
    """The derivations that :func:`dumps` wrote (by this same code: bytes from elsewhere are not
    to be trusted, as with any pickle)."""
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be bytes from dumps, got {type(data).__name__}")
    return pickle.loads(data)


def _tree(x):
    """``x`` as plain data that is equal exactly where the trees are: SymPy objects by their
    ``srepr`` with every node's arguments in the order stored (``order="none"``; the default
    printer sorts the terms of a sum, so two different trees could print alike), matrices,
    dicts, lists and tuples element by element, anything else by ``repr``."""
    if isinstance(x, (sp.Basic, sp.MatrixBase)):
        return sp.srepr(x, order="none")
    if isinstance(x, dict):
        return ("dict", sorted((_tree(k), _tree(v)) for k, v in x.items()))
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, [_tree(v) for v in x])
    return repr(x)


#: what of a step its users read beside its dict: the trees of its sides, residuals, witness
#: and domain, and the check's keyword arguments (``spec``, which :meth:`Derivation.replace_step`
#: re-checks with)
_STEP_TREES = ("lhs", "rhs", "residual", "expected_residual", "witness", "witness_value", "domain", "conditions",
               "spec")


def _fingerprint(d: Derivation) -> tuple:
    """Everything of a derivation that its users read: its dict (each step printed, its verdict,
    grade, method; the result, ok, is_proof, proves) and the exact trees (:func:`_tree`) of every
    step's parts (:data:`_STEP_TREES`), of the result, its arguments, the named forms and the
    domain."""
    steps = [tuple(_tree(getattr(s, k, None)) for k in _STEP_TREES) for s in d.steps]
    return (d.to_dict(), steps, _tree(d.forms), _tree(d.result), _tree(tuple(d.result_args)), _tree(d.domain),
            _tree(tuple(d.assumptions)))


def same_as(copies: Iterable[Derivation], originals: Iterable[Derivation]) -> list[str]:
    """The ids of the derivations whose copy differs from the original (see :func:`_fingerprint`),
    or that have no copy, or no original; empty where every copy is faithful."""
    copies, by_id = list(copies), {d.id: d for d in originals}
    seen = {c.id for c in copies}
    differ = [c.id for c in copies if c.id not in by_id or _fingerprint(c) != _fingerprint(by_id[c.id])]
    return differ + sorted(set(by_id) - seen)
