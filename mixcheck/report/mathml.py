"""SymPy text → presentation MathML for the HTML report (Chromium and Firefox render MathML
natively, offline, with no script).

A derivation step's sides are SymPy's ``str`` of an expression; they are parsed back without
evaluation (so the printed form is the one derived) and printed with
``sympy.printing.mathml(..., printer="presentation")``. Text that does not parse as SymPy (a
formula written by hand) or is very long gets None, and the renderer shows it as code.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["to_mathml", "relation_mathml", "MAX_CHARS"]

MAX_CHARS = 1500  # longer expressions are shown as folded SymPy text (unreadable as formulas)
_KEYWORD_SYMBOLS = ("lambda",)  # Python keywords used as SymPy symbol names
_RELATIONS = {"=": "=", "==": "=", "<=": "≤", "≤": "≤", ">=": "≥", "≥": "≥", "<": "<", ">": ">", "!=": "≠", "≠": "≠"}
_ALLOWED = re.compile(r"^[\w\s+\-*/().,^'\[\]{}:=<>!]+$")
_UNSAFE = re.compile(r"__|[A-Za-z_)\]]\s*\.\s*[A-Za-z_]")  # dunder names, attribute access: never evaluated


@lru_cache(maxsize=4096)
def to_mathml(text) -> str | None:
    """The presentation-MathML content (no ``<math>`` element) of SymPy ``text``, or None."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_CHARS or not _ALLOWED.match(text) \
            or _UNSAFE.search(text):
        return None
    import sympy
    from sympy.parsing.sympy_parser import parse_expr
    from sympy.printing.mathml import mathml

    local = {}
    src = text
    for kw in _KEYWORD_SYMBOLS:
        if re.search(rf"\b{kw}\b", src):
            src = re.sub(rf"\b{kw}\b", f"{kw}_kw_", src)
            local[f"{kw}_kw_"] = sympy.Symbol(kw)
    try:
        expr = parse_expr(src, local_dict=local, evaluate=False)
        if isinstance(expr, sympy.MatrixBase):
            expr = sympy.ImmutableMatrix(expr)
        if not isinstance(expr, sympy.Basic):
            return None
        return mathml(expr, printer="presentation")
    except Exception:  # noqa: BLE001 — anything SymPy cannot read is shown as code
        return None


def relation_mathml(lhs, relation: str, rhs, title: str = "") -> str | None:
    """``<math display="block">lhs relation rhs</math>`` with the SymPy text in ``title``, or
    None when either side is not SymPy text."""
    from html import escape

    left, right = to_mathml(lhs), to_mathml(rhs)
    if left is None or right is None:
        return None
    op = escape(_RELATIONS.get(str(relation).strip(), str(relation)))
    tip = escape(title or f"{lhs} {relation} {rhs}", quote=True)
    return (f'<math display="block" title="{tip}"><mrow>{left}<mo>{op}</mo>{right}</mrow></math>')
