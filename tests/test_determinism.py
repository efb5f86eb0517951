"""A claim's verdict and evidence depend only on (profile, seed, claim id).

Not on what else runs, on the import order or on what else is loaded (Hypothesis mines constants
from every loaded local module; the claims' searches are isolated from that pool), and ``--seed``
really changes the examples a search tries. Fresh processes stand for ``--only`` runs; the
default run checks a representative subset, ``-m slow`` every searching claim and 20 seeds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from mixcheck.claims import CLAIMS

#: cheap claims of each kind: refutations found by search, a holds searched in exact arithmetic,
#: a coverage simulation shared with another claim
REPRESENTATIVE = ("intro.linear/sd-across-samples", "eq19/step3", "eq18/expansion", "lemma1/eq7")

_RUNNER = textwrap.dedent("""
    import importlib, json, sys
    spec = json.loads(sys.argv[1])
    for m in spec.get("preload", []):
        importlib.import_module(m)
    from mixcheck.claims import run_claims
    out = {}
    for seed in spec["seeds"]:
        for r in run_claims(spec["ids"], profile=spec["profile"], seed=seed):
            d = r.to_dict()
            d.pop("seconds")
            out[f"{seed}|{d['id']}"] = d
    print(json.dumps(out, sort_keys=True))
""")


def _fresh_argv(ids, seeds, preload, profile):
    spec = {"ids": None if ids is None else list(ids), "seeds": list(seeds), "preload": list(preload),
            "profile": profile}
    return [sys.executable, "-c", _RUNNER, json.dumps(spec)]


def _result_of(proc, stdout: str, stderr: str) -> dict:
    assert proc.returncode == 0, stderr[-4000:]
    return json.loads(stdout.strip().splitlines()[-1])


def run_fresh(ids, *, seeds=(0,), preload=(), profile="ci", timeout=900) -> dict:
    """Run ``ids`` (None: all) in a fresh interpreter; {"seed|id": result dict without seconds}."""
    proc = subprocess.run(_fresh_argv(ids, seeds, preload, profile), capture_output=True, text=True,
                          timeout=timeout, check=False)
    return _result_of(proc, proc.stdout, proc.stderr)


def run_fresh_side_by_side(runs: dict, *, timeout=900) -> dict:
    """Several :func:`run_fresh` runs at once, each in its own fresh interpreter ({name: kwargs}
    → {name: result}); they share nothing but the machine."""
    procs = {}
    for name, kw in runs.items():
        argv = _fresh_argv(kw["ids"], kw.get("seeds", (0,)), kw.get("preload", ()), kw.get("profile", "ci"))
        procs[name] = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = {}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=timeout)
        out[name] = _result_of(proc, stdout, stderr)
    return out


def _here(runs, cid: str, seed: int = 0) -> dict:
    """The claim's result computed in this process, where the whole test session is loaded."""
    return _shared(runs, cid, seed, here=True)


def _shared(runs, cid: str, seed: int = 0, here: bool = False) -> dict:
    """The session's shared result of the claim (``claim_runs`` in conftest: computed in a
    background interpreter where the session plans many claim runs, else here)."""
    c = next(c for c in CLAIMS if c.id == cid)
    d = runs.as_dict(c, profile="ci", seed=seed, here=here)
    d.pop("seconds")
    return d


def _searches(result: dict) -> list[dict]:
    """The searches and grids recorded in a result's grade detail (whatever its grade)."""
    g = result.get("grade_detail", {})
    return list(g.get("searches") or (g.get("cross_check") or {}).get("searches")
                or (g.get("found_by") or {}).get("searches") or [])


def _searching(result: dict) -> bool:
    return any(s.get("kind") == "search" for s in _searches(result))


# --------------------------------------------------------------------------- the isolation itself

_CONSTANTS_PROBE = textwrap.dedent("""
    import json, sys
    from hypothesis import given, seed, settings, strategies as st
    from mixcheck.engine.registry import Context
    from mixcheck.engine.search import search
    from mixcheck.profiles import active_profile

    strategy = st.tuples(st.floats(-1e6, 1e6), st.integers(-10**9, 10**9))

    def isolated():
        ctx = Context(active_profile("ci"), 0, "probe/constants")
        search(ctx, strategy, lambda ex: -1.0, max_examples=300)
        return ctx.efforts[-1]["examples_digest"]

    def stock():
        seen = []

        @seed(12345)
        @settings(max_examples=300, database=None, derandomize=True, deadline=None)
        @given(strategy)
        def t(ex):
            seen.append(repr(ex))
        t()
        return hash(tuple(seen))

    before = isolated(), stock()
    sys.path.insert(0, sys.argv[1])
    import many_constants  # noqa: F401  (a local module full of literals)
    after = isolated(), stock()
    print(json.dumps({"isolated": [before[0], after[0]], "stock": [before[1], after[1]]}))
""")


@pytest.mark.integration
def test_searches_ignore_constants_of_loaded_local_modules(tmp_path_factory):
    folder = tmp_path_factory.mktemp("localmods")
    lits = ", ".join(f"{k * 1234.5678 + 0.125:.6f}" for k in range(1, 200))
    ints = ", ".join(str(k * 7919 + 17) for k in range(1, 200))
    (folder / "many_constants.py").write_text(f"FLOATS = ({lits})\nINTS = ({ints})\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _CONSTANTS_PROBE, str(folder)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["isolated"][0] == got["isolated"][1], "a claim search changed when a local module was loaded"
    if got["stock"][0] == got["stock"][1]:
        pytest.skip("control: this Hypothesis version's stock search was not affected by loaded local modules")


# --------------------------------------------------------------------------- alone vs together

@pytest.fixture(scope="module")
def fresh_runs() -> dict:
    """Two claims each alone in its own fresh process (as ``--only`` runs them), and all the
    representative claims together in a third, in another order, after importing the report first:
    the three processes run side by side."""
    runs = {cid: {"ids": [cid]} for cid in REPRESENTATIVE[:2]}
    runs["together"] = {"ids": list(reversed(REPRESENTATIVE)),
                        "preload": ["mixcheck.report.build", "mixcheck.report.figures"]}
    return run_fresh_side_by_side(runs)


@pytest.mark.integration
def test_representative_claims_alone_in_fresh_processes_equal_this_run(fresh_runs, claim_runs):
    """Each claim alone in its own fresh process equals its result here, where the whole test
    session (every test module, the report) is loaded."""
    for cid in REPRESENTATIVE[:2]:
        assert fresh_runs[cid][f"0|{cid}"] == _here(claim_runs, cid), f"{cid}: alone in a fresh process differs from this run"


@pytest.mark.integration
def test_representative_claims_together_with_other_imports_equal_alone(fresh_runs, claim_runs):
    """All of them together, in another order, after importing the report and its figures first."""
    together = fresh_runs["together"]
    for cid in REPRESENTATIVE:
        assert together[f"0|{cid}"] == _here(claim_runs, cid), f"{cid}: differs when run with other claims and imports"


@pytest.mark.claim_runs(*REPRESENTATIVE[:2], profile="ci", elsewhere=True)
def test_representative_claims_here_equal_another_interpreter(claim_runs):
    """Two claims computed here, where every test module and the report are loaded, equal the
    same claims computed in another interpreter: the session's background one, which imports
    only the claims and runs the planned claims in registry order (a fresh one where the
    session has none)."""
    cids = REPRESENTATIVE[:2]
    other = {cid: _shared(claim_runs, cid) for cid in cids}
    if any(claim_runs.origin(cid, profile="ci") != "background" for cid in cids):
        fresh = run_fresh(cids)
        other = {cid: fresh[f"0|{cid}"] for cid in cids}
    for cid in cids:
        assert _here(claim_runs, cid) == other[cid], f"{cid}: differs between this process and another"


@pytest.mark.claim_runs(*REPRESENTATIVE, seeds=range(5), profile="ci")
def test_seeds_change_the_examples_not_the_verdicts(claim_runs):
    runs = {s: {cid: _shared(claim_runs, cid, s) for cid in REPRESENTATIVE} for s in range(5)}
    for cid in REPRESENTATIVE:
        verdicts = {runs[s][cid]["verdict"] for s in runs}
        assert verdicts == {runs[0][cid]["verdict"]}, f"{cid}: verdict differs between seeds 0-4: {verdicts}"
        digests = [tuple(x.get("examples_digest") for x in _searches(runs[s][cid])) for s in runs]
        if any(digests):
            assert len(set(digests)) == 5, f"{cid}: seeds 0-4 did not all search different examples"
        else:  # a shared simulation: its numbers change with the seed
            grids = [json.dumps(runs[s][cid]["evidence"].get("grid"), sort_keys=True) for s in runs]
            assert len(set(grids)) == 5, f"{cid}: seeds 0-4 gave the same simulation"


@pytest.mark.claim_runs("eq18/expansion", seeds=(3,), profile="ci")
def test_a_searched_result_records_its_seed_and_profile(claim_runs):
    d = _shared(claim_runs, "eq18/expansion", 3)
    (s,) = _searches(d)
    assert d["evidence"]["seed"] == 3 and d["evidence"]["profile"] == "ci"
    assert s["examples"] > 0 and isinstance(s["hypothesis_seed"], int)


# --------------------------------------------------------------------------- slow: everything

@pytest.mark.slow
def test_every_searching_claim_alone_equals_the_full_run():
    full = run_fresh(None)
    ids = [k.split("|", 1)[1] for k, v in full.items() if _searching(v)]
    assert ids, "no searching claim found"
    differ = []
    for cid in ids:
        alone = run_fresh([cid])[f"0|{cid}"]
        if alone != full[f"0|{cid}"]:
            differ.append(cid)
    assert not differ, f"claims whose result alone differs from the full run: {differ}"


@pytest.mark.slow
def test_twenty_seeds_flip_no_verdict(capsys):
    runs = run_fresh(None, seeds=range(20), timeout=3600)
    by_claim: dict[str, dict[int, str]] = {}
    for key, d in runs.items():
        seed, cid = key.split("|", 1)
        by_claim.setdefault(cid, {})[int(seed)] = d["verdict"]
    flips = {cid: v for cid, v in by_claim.items() if len(set(v.values())) > 1}
    with capsys.disabled():
        print(f"\n20 seeds × {len(by_claim)} claims: {len(flips)} claim(s) whose verdict flips between seeds")
        for cid, v in sorted(flips.items()):
            print(f"  {cid}: " + ", ".join(f"seed {s}: {v[s]}" for s in sorted(v)))
    assert not flips, f"verdicts flip between seeds: {sorted(flips)}"
