"""This paper's inventory, declared as data: Kimura, "Why Mixup Improves the Model Performance".

The 27 statement ids of ../shared/claims.md in its order, each with what it says (paraphrased;
the paper's text is the authority) and where the paper states it; the sections the report
groups them by (the paper's order); an index of every numbered equation, lemma, theorem,
figure and table with the ids that test it; and the derivation provider: the SymPy
derivations of ``proofs/`` whose ``proves`` names a claim (the grade ``proved`` rests on them).
"""

from __future__ import annotations

import importlib
import inspect
from functools import lru_cache

from mixcheck.engine.grading import scan_proves
from mixcheck.engine.inventory import Entry, Inventory, declare

__all__ = ["PAPER", "ENTRIES", "PAPER_SECTIONS", "PAPER_INDEX", "TITLE", "proofs_proving"]

TITLE = 'mixcheck validation report — Kimura, "Why Mixup Improves the Model Performance"'

ENTRIES: tuple[Entry, ...] = (
    Entry('lemma1',
          'uniform deviation bounds for [0,1]-valued loss classes, with probability at least 1-δ',
          'Lemma 1, eq. (6)-(7)'),
    Entry('lemma2',
          'for {-1,+1}-valued H and the 0-1 loss class G: R̂_B(G) = ½ R̂_{S_X}(H)',
          'Lemma 2, eq. (12)-(13)'),
    Entry('thm1',
          'generalization bounds R(h) - R̂(h) ≤ Rademacher term + confidence term',
          'Theorem 1, eq. (14)-(15)'),
    Entry('eq18',
          'R̂_B(H_ℓ) for the L2-ball linear class, its closed form and its Jensen bound (Λ/n)(Σ‖x_i‖²)^½',
          'proof of Theorem 2, eq. (18)'),
    Entry('eq19',
          'the chain bounding R̂*_B(H_ℓ) with x̃_i = E_{x_j}[λx_i + (1-λ)x_j]',
          'proof of Theorem 2, eq. (19)'),
    Entry('eq20',
          'the chain ending in (Λ|1-λ|/√n)·√(s²(‖x‖₂)) ≥ 0',
          'proof of Theorem 2, eq. (20)'),
    Entry('thm2',
          'R̂_B(H_ℓ) - R̂*_B(H_ℓ) ≤ (C/√n)·√(s²‖x‖₂), s² "the sample variance"',
          'Theorem 2, eq. (17)'),
    Entry('fig1',
          'the reduction decreases as n grows and grows with the data variance σ²',
          'Fig. 1 and the text after eq. (20)'),
    Entry('eq23',
          'the norm-based network bound (Neyshabur et al.) used for H_{L,W_L}',
          'proof of Theorem 3, eq. (23)'),
    Entry('eq24',
          'the mixup bound for networks and the chain ending in (1-λ)…max_i‖ε_i‖₂',
          'proof of Theorem 3, eq. (24) and the chain after it'),
    Entry('thm3',
          'max R̂_B - max R̂*_B ≤ (C/√n)·max_i‖ε_i‖ with x_i = μ_x + ε_i, "n sufficiently large"',
          'Theorem 3, eq. (22)'),
    Entry('fig2',
          "the network reduction decreases with n and grows with the outliers' noise",
          'Fig. 2'),
    Entry('sec6.optimal-lambda',
          'a large 1-λ regularises well; by swapping i and j, λ should be close to 0 or 1',
          'Section 6, first paragraph'),
    Entry('sec6.beta-moments',
          'for λ ~ Beta(α,α): E[λ] = ½ and Var(λ) = 1/(4(2α+1))',
          'Section 6'),
    Entry('sec6.small-alpha',
          'α < 1 puts λ near 0 or 1; λ near 0 or 1 means α close to 0',
          'Section 6'),
    Entry('eq30',
          '∇ψ(θ) = E[x] for an exponential family',
          'proof of Theorem 4, eq. (30)'),
    Entry('eq31',
          '∇∇ψ(θ) = Var(x); ψ is convex',
          'proof of Theorem 4, eq. (31)'),
    Entry('eq32',
          '∇ψ_λ(θ) = E[x̃] = E[x] for x̃ = λx + (1-λ)E[x]',
          'proof of Theorem 4, eq. (32)'),
    Entry('eq33',
          '∇∇ψ_λ(θ) = Var(λx + (1-λ)E[x]) = λ²Var(x) = λ²ψ(θ)',
          'proof of Theorem 4, eq. (33)'),
    Entry('thm4',
          'with mixup, ∇∇ψ_λ(θ) = λ²∇∇ψ(θ)',
          'Theorem 4, eq. (26)'),
    Entry('table1',
          'the train-test loss gap grows with α on CIFAR-10, CIFAR-100, STL-10 and SVHN (ResNet-18)',
          'Table 1'),
    Entry('fig3',
          'on CIFAR-10, test performance is higher for small α',
          'Fig. 3'),
    Entry('intro.linear',
          'linear classifiers: more regularization for small n and large sample standard deviation',
          'Section 1, bullet 1'),
    Entry('intro.network',
          'networks: more regularization for small n and when the data contain outliers',
          'Section 1, bullet 2'),
    Entry('intro.bias-variance-endpoints',
          "λ near 0 or 1 reduces the estimator's variance, at the cost of bias",
          'Section 1, bullet 3'),
    Entry('intro.bias-variance-optimal',
          'λ near its optimal value reduces both bias and variance',
          'Section 1, bullet 4'),
    Entry('intro.geometry',
          'mixup reduces the second derivative of the convex function behind the Bregman divergence',
          'Section 1, bullet 5'),
)

#: (anchor, heading, inventory ids in the order the paper states them)
PAPER_SECTIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("section-1", "Section 1 — Introduction: the summary claims (its five bullets)",
     ("intro.linear", "intro.network", "intro.bias-variance-endpoints", "intro.bias-variance-optimal",
      "intro.geometry")),
    ("section-3", "Section 3 — Notations and preliminaries: Lemma 1, Lemma 2, Theorem 1",
     ("lemma1", "lemma2", "thm1")),
    ("section-4", "Section 4 — Linear classifiers: Theorem 2, eq. (17)-(20), Fig. 1",
     ("thm2", "eq18", "eq19", "eq20", "fig1")),
    ("section-5", "Section 5 — Neural networks: Theorem 3, eq. (22)-(24), Fig. 2",
     ("thm3", "eq23", "eq24", "fig2")),
    ("section-6", "Section 6 — The optimal parameters of mixup: λ, Beta(α, α), Fig. 3, Table 1",
     ("sec6.optimal-lambda", "sec6.beta-moments", "sec6.small-alpha", "fig3", "table1")),
    ("section-7", "Section 7 — Geometric perspective: Theorem 4, eq. (26), (30)-(33)",
     ("thm4", "eq30", "eq31", "eq32", "eq33")),
]

_DEF = "a definition: nothing to check on its own"

# (label, what it is, inventory ids whose claims test it, inventory ids that rely on it, note)
PAPER_INDEX: list[tuple[str, str, tuple[str, ...], tuple[str, ...], str]] = [
    ("Section 1, bullet 1", "linear classifiers: more regularization for small n, large sd", ("intro.linear",), (), ""),
    ("Section 1, bullet 2", "networks: more regularization for small n, with outliers", ("intro.network",), (), ""),
    ("Section 1, bullet 3", "λ near 0 or 1: less variance, more bias", ("intro.bias-variance-endpoints",), (), ""),
    ("Section 1, bullet 4", "λ near its optimum: less bias and variance", ("intro.bias-variance-optimal",), (), ""),
    ("Section 1, bullet 5", "mixup reduces the second derivative behind the Bregman divergence",
     ("intro.geometry",), (), ""),
    ("eq. (1)", "the mixup pair (λx_i + (1−λ)x_j, λy_i + (1−λ)y_j)", (), ("eq19", "eq24", "eq32", "thm4"), _DEF),
    ("eq. (2)", "generalization error R(h) (Definition 1)", (), ("thm1",), _DEF),
    ("eq. (3)", "empirical error R̂(h) (Definition 2)", (), ("thm1",), _DEF),
    ("eq. (4)", "empirical Rademacher complexity R̂_B(H) (Definition 3)", (), ("lemma2", "eq18", "eq23"), _DEF),
    ("eq. (5)", "Rademacher complexity R_n(H) (Definition 4)", (), ("lemma1", "thm1"), _DEF),
    ("Lemma 1", "uniform deviation bounds for [0, 1]-valued classes", ("lemma1",), (), ""),
    ("eq. (6)", "Lemma 1, bound with R_n(G)", ("lemma1",), (), ""),
    ("eq. (7)", "Lemma 1, bound with R̂_B(G)", ("lemma1",), (), ""),
    ("eq. (8)", "proof of Lemma 1: Φ(B)", ("lemma1",), (), ""),
    ("eq. (9)", "proof of Lemma 1: bounded differences", ("lemma1",), (), ""),
    ("eq. (10)", "proof of Lemma 1: bounded differences", ("lemma1",), (), ""),
    ("eq. (11)", "proof of Lemma 1: McDiarmid", ("lemma1",), (), ""),
    ("eq. (12)", "proof of Lemma 1: symmetrisation; Lemma 2: R̂_B(G) = ½R̂_S(H)", ("lemma1", "lemma2"), (), ""),
    ("Lemma 2", "R̂_B(G) = ½ R̂_{S_X}(H) for the 0-1 loss", ("lemma2",), (), ""),
    ("eq. (13)", "proof of Lemma 2", ("lemma2",), (), ""),
    ("Theorem 1", "generalization bounds", ("thm1",), (), ""),
    ("eq. (14)", "Theorem 1 with the Rademacher complexity", ("thm1",), (), ""),
    ("eq. (15)", "Theorem 1 with the empirical complexity", ("thm1",), (), ""),
    ("eq. (16)", "the linear class H_ℓ, ‖w‖₂ ≤ Λ", (), ("eq18", "thm2"), _DEF),
    ("Theorem 2", "complexity reduction of linear classifiers", ("thm2",), ("fig1", "intro.linear"), ""),
    ("eq. (17)", "Theorem 2: R̂_B − R̂*_B ≤ (C/√n)·√(s²‖x‖₂)", ("thm2",), ("fig1", "sec6.optimal-lambda"), ""),
    ("eq. (18)", "R̂_B(H_ℓ) and its Jensen bound", ("eq18",), (), ""),
    ("eq. (19)", "the bound on R̂*_B(H_ℓ) with x̃_i", ("eq19",), (), ""),
    ("eq. (20)", "the chain ending in Λ|1−λ|/√n·√(s²)", ("eq20",), (), ""),
    ("Fig. 1", "the linear reduction versus n and σ²", ("fig1",), ("intro.linear",), ""),
    ("eq. (21)", "the network class H_{L,W_L}", (), ("eq23", "thm3"), _DEF),
    ("Theorem 3", "complexity reduction of neural networks", ("thm3",), ("fig2", "intro.network"), ""),
    ("eq. (22)", "Theorem 3: max R̂_B − max R̂*_B ≤ (C/√n)·max‖ε_i‖", ("thm3",), ("fig2", "sec6.optimal-lambda"), ""),
    ("eq. (23)", "the norm-based network bound", ("eq23",), (), ""),
    ("eq. (24)", "the mixup bound for networks and its chain", ("eq24",), (), ""),
    ("Fig. 2", "the network reduction versus n and outlier noise", ("fig2",), ("intro.network",), ""),
    ("Section 6, ¶ 1", "a large 1−λ regularizes; λ should be close to 0 or 1", ("sec6.optimal-lambda",), (), ""),
    ("Section 6, ¶ 2", "λ ~ Beta(α, α): E[λ] = ½, Var(λ) = 1/(4(2α+1)); α < 1 puts λ near 0 or 1",
     ("sec6.beta-moments", "sec6.small-alpha"), (), ""),
    ("Fig. 3", "CIFAR-10: test performance versus α", ("fig3",), (), ""),
    ("Table 1", "generalization gap versus α on four datasets", ("table1",), (), ""),
    ("Fig. 4", "the Bregman divergence from θ′ to θ", (), ("thm4", "intro.geometry"), "an illustration of eq. (25)"),
    ("eq. (25)", "the Bregman divergence D_φ (Definition 5)", (), ("thm4", "intro.geometry"), _DEF),
    ("Theorem 4", "mixup shrinks the Hessian of ψ", ("thm4",), ("intro.geometry",), ""),
    ("eq. (26)", "Theorem 4: ∇∇ψ_λ(θ) = λ²∇∇ψ(θ)", ("thm4",), ("intro.geometry",), ""),
    ("eq. (27)", "the exponential family p(x; θ)", (), ("eq30", "eq31"), _DEF),
    ("eq. (28)", "ψ(θ), the cumulant generating function; its convexity", ("eq31",), (), ""),
    ("eq. (29)", "the Bregman divergence restated for ψ", (), ("thm4",), _DEF),
    ("eq. (30)", "∇ψ(θ) = E[x]", ("eq30",), (), ""),
    ("eq. (31)", "∇∇ψ(θ) = Var(x)", ("eq31",), (), ""),
    ("eq. (32)", "∇ψ_λ(θ) = E[x̃] = E[x]", ("eq32",), (), ""),
    ("eq. (33)", "∇∇ψ_λ(θ) = Var(λx + (1−λ)E[x]) = λ²Var(x) = λ²ψ(θ)", ("eq33",), ("thm4",), ""),
    ("eq. (34)", "ψ_λ, the normaliser of the mixed family", (), ("eq32", "eq33"), _DEF),
]


@lru_cache(maxsize=None)
def _proves_index() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """(claim id → proofs modules whose source names it in a ``proves=`` literal, modules with a
    ``proves=`` that is not a literal). A cheap static scan, so that a claim run alone builds
    only the modules that may prove it — and exactly those, whatever else runs."""
    from mixcheck import proofs

    by_claim: dict[str, set[str]] = {}
    dynamic: list[str] = []
    for name in getattr(proofs, "MODULES", ()):
        try:
            ids, is_dynamic = scan_proves(inspect.getsource(importlib.import_module(f"mixcheck.proofs.{name}")))
        except (OSError, TypeError, SyntaxError, ImportError):
            ids, is_dynamic = set(), True
        if is_dynamic:
            dynamic.append(name)
        for cid in ids:
            by_claim.setdefault(cid, set()).add(name)
    return {k: tuple(sorted(v)) for k, v in by_claim.items()}, tuple(sorted(set(dynamic)))


def proofs_proving(claim_id: str) -> list:
    """The derivations of the ``proofs`` modules that may prove ``claim_id`` (each built once per
    process, through ``proofs.get``), in module order; the engine keeps those whose ``proves``
    names the claim."""
    from mixcheck import proofs

    index, dynamic = _proves_index()
    names = set(index.get(claim_id, ())) | set(dynamic)
    return [proofs.get(i) for name in sorted(names) for i in proofs.ids() if proofs.module_of(i) == name]


PAPER = declare(Inventory(
    name="kimura-mixup",
    title=TITLE,
    entries=ENTRIES,
    sections=PAPER_SECTIONS,
    index=PAPER_INDEX,
    derivations=proofs_proving,
    figures="mixcheck.report.figures",
))
