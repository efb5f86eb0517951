"""``fig3`` — Fig. 3: on CIFAR-10, test performance is higher for small α.

Every claim registered here has an id ``fig3/…``.
"""

from __future__ import annotations

from mixcheck.engine.registry import claim
from mixcheck.paper.sec6_experiments._common import (
    CPU_STORE,
    _CPU,
    _expected,
    _gap_check,
    _has,
    _no_results,
    _trend,
    _verdict_from_trend,
)


REF_F3 = "Section 6, Fig. 3"


def _accuracy_alternative(alphas) -> dict:
    k = len(alphas)
    return {"name": "test accuracy falling linearly in the rank of α by 2 points from the smallest to the largest α",
            "means": {a: 0.02 * i / max(1, k - 1) for i, a in enumerate(sorted(alphas))}}  # the fall, > 0


def _acc_check(store: str):
    def check(ctx):
        if not _has(store):
            return _no_results(store, "cifar10")
        t, info = _trend(store, "test_acc", ctx.seed)
        return _verdict_from_trend(t, -1, f"{store} test accuracy", alternative=_accuracy_alternative(t["alphas"]),
                                   seed=ctx.seed, **info)

    return check


claim("fig3/cifar10-test-accuracy", paper_ref=REF_F3,
      statement="on CIFAR-10, the generalization performance is higher when α is small",
      reading="final test accuracy of ResNet-18 with mixup (the paper's protocol) decreases with α: Spearman ρ(α, mean "
              "accuracy) < 0 with its 95% bootstrap interval below 0; store cifar10/ of the results root",
      method="experiment", expected=_expected("fig3/cifar10-test-accuracy", "cifar10"))(_acc_check("cifar10"))


claim("fig3/cifar10-gap-small-alpha", paper_ref=REF_F3,
      statement="when the value of parameter α is small, the difference between train loss and test loss is small",
      reading="Fig. 3 right: the mixed-batch gap (what the reference logs) grows with α — as table1/cifar10-gap-mixed",
      method="experiment", expected=_expected("fig3/cifar10-gap-small-alpha", "cifar10"))(
    _gap_check("cifar10", "cifar10", "gap_mixed"))


claim(f"fig3/{CPU_STORE}-test-accuracy", paper_ref=REF_F3,
      statement="on CIFAR-10, the generalization performance is higher when α is small",
      reading=f"final test accuracy decreases with α (α > 0): Spearman ρ(α, mean accuracy) with its 95% bootstrap "
              f"interval below 0, for {_CPU}; store {CPU_STORE}/ of the results root",
      method="experiment", expected=_expected(f"fig3/{CPU_STORE}-test-accuracy", CPU_STORE))(_acc_check(CPU_STORE))


claim(f"fig3/{CPU_STORE}-gap-small-alpha", paper_ref=REF_F3,
      statement="when the value of parameter α is small, the difference between train loss and test loss is small",
      reading=f"Fig. 3 right: the mixed-batch gap grows with α — as table1/{CPU_STORE}-gap-mixed, for {_CPU}",
      method="experiment", expected=_expected(f"fig3/{CPU_STORE}-gap-small-alpha", CPU_STORE))(
    _gap_check(CPU_STORE, "cifar10", "gap_mixed"))
