"""mixcheck.derivation_pickle: derivations carried to another process come back exactly as they
were built (every step's trees, verdict, grade, method and check arguments), where plain pickle
evaluates their unevaluated forms again."""

from __future__ import annotations

import pytest

#: these tests read the proofs' derivations (built once per session; see tests/conftest.py)
pytestmark = pytest.mark.derivations


def test_derivations_survive_the_trip_to_another_process_unchanged():
    """dumps/loads rebuild every node without SymPy's evaluation: unevaluated integrals and sums,
    vector norms of Rademacher sums and unevaluated relations come back as they were."""
    import pickle

    from mixcheck import proofs
    from mixcheck.derivation_pickle import _fingerprint, dumps, loads, same_as
    from mixcheck.proofs import beta_moments as bm

    ds = [proofs.get(i) for i in ("beta.var", "lin.eq18-jensen")]
    copies = loads(dumps(ds))
    assert same_as(copies, ds) == [] and [c.id for c in copies] == [d.id for d in ds]
    assert all(c is not d and c.ok == d.ok and c.is_proof == d.is_proof for c, d in zip(copies, ds))
    assert _fingerprint(copies[1]) == _fingerprint(ds[1])
    # plain pickle is not faithful: it evaluates the unevaluated forms again as it rebuilds them
    assert same_as(pickle.loads(pickle.dumps(ds[:1])), ds[:1]) == ["beta.var"]
    # a copy's step is re-checked from its kept check arguments exactly as the original's
    name, edit = "paper: = 1/(4(2α+1))", dict(rhs=1 / (4 * (2 * bm.alpha + 2)), witness={bm.alpha: 1})
    edited, edited_here = copies[0].replace_step(name, **edit), ds[0].replace_step(name, **edit)
    assert copies[0].get_step(name).spec == ds[0].get_step(name).spec
    assert _fingerprint(edited) == _fingerprint(edited_here)
    assert edited.get_step(name).holds is False and edited.get_step(name).grade == "refuted" and not edited.ok
    with pytest.raises(TypeError, match="Derivation"):
        dumps([object()])
    with pytest.raises(TypeError, match="bytes"):
        loads("not bytes")


def test_a_copy_carries_each_steps_printed_dict_and_a_changed_tree_is_still_caught():
    """Each step keeps its printed dict (printing is a function of its trees), so the copy does
    not print again; a copy whose tree differs is caught by the trees, whatever its dict says."""
    import sympy as sp

    from mixcheck import proofs
    from mixcheck.derivation_pickle import dumps, loads, same_as

    d = proofs.get("beta.var")
    (copy,) = loads(dumps([d]))
    assert all("_as_dict" in s.__dict__ and "ok" not in s.__dict__ for s in copy.steps)
    assert copy.to_dict() == d.to_dict()
    (altered,) = loads(dumps([d]))
    step = altered.steps[0]
    object.__setattr__(step, "rhs", sp.Add(step.rhs, 0, evaluate=False))  # as if changed on the way
    assert altered.steps[0].to_dict() == d.steps[0].to_dict() and same_as([altered], [d]) == ["beta.var"]
