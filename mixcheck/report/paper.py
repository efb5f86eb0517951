"""The paper's structure, for the report's navigation: its sections in the paper's order (the
claims of each, by inventory id) and an index of every numbered equation, lemma, theorem,
figure and table of the paper with the claims that test it.

The numbers are the paper's (../shared/paper); the inventory ids those of ../shared/claims.md.
"""

from __future__ import annotations

__all__ = ["PAPER_SECTIONS", "PAPER_INDEX", "paper_sections", "paper_index", "index_anchor"]

# (anchor, heading, inventory ids in the order the paper states them)
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


def index_anchor(label: str) -> str:
    """``eq. (17)`` → ``ref-eq-17``, ``Theorem 2`` → ``ref-theorem-2``."""
    import re

    return "ref-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def paper_sections(families) -> list[dict]:
    """The paper's sections holding any of ``families`` (inventory ids present in a report), in
    the paper's order: ``[{"anchor", "title", "families": [...]}]``; families of no listed
    section come last under "Other claims"."""
    present = list(dict.fromkeys(families))
    out, placed = [], set()
    for anchor, title, fams in PAPER_SECTIONS:
        here = [f for f in fams if f in present]
        placed.update(here)
        if here:
            out.append({"anchor": anchor, "title": title, "families": here})
    rest = [f for f in present if f not in placed]
    if rest:
        out.append({"anchor": "section-other", "title": "Other claims", "families": rest})
    return out


def paper_index(families) -> list[dict]:
    """Every entry of :data:`PAPER_INDEX`, with the tested-by and relied-on-by inventory ids
    split into those present in the report and those absent."""
    present = set(families)
    rows = []
    for label, what, tested, used, note in PAPER_INDEX:
        rows.append({"label": label, "anchor": index_anchor(label), "what": what,
                     "tested_by": [f for f in tested if f in present],
                     "tested_elsewhere": [f for f in tested if f not in present],
                     "used_by": [f for f in used if f in present], "note": note})
    return rows
