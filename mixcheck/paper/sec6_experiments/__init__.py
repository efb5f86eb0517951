"""Section 6 — the experiments: Table 1, Fig. 3.

Results are read from the results root (:func:`mixcheck.results.results_root`: ``mixcheck report
--results DIR``, else ``$MIXCHECK_RESULTS``, else ``experiments/results`` of the working
directory's checkout), one sweep store per folder (written by ``mixcheck sweep``; read with
:mod:`mixcheck.experiments.sweep_report`):

* ``cifar10/`` — the paper's protocol with ResNet-18 (a GPU sweep); its claims are
  ``table1/cifar10-*`` and ``fig3/cifar10-*``;
* ``cifar10-jpeg-cpu/`` — the scaled-down ``cpu`` preset on the JPEG copy of CIFAR-10
  (:data:`CPU_PROTOCOL`); its claims are ``table1/cifar10-jpeg-cpu-*`` and ``fig3/cifar10-jpeg-cpu-*``.

Without results a claim is ``not-run`` with the reason. The trend statistic is Spearman's ρ between
α and the per-α mean over seeds, with a percentile bootstrap interval over seeds
(:func:`mixcheck.experiments.sweep_report.trend`): ``holds`` when the interval lies above 0 (below 0 for
accuracy decreasing in α), ``refuted`` when it lies on the other side, else ``inconclusive``.
Diverged runs are never data points. Each verdict carries the test's simulated false-alarm rate
(no trend, the observed seed-to-seed sd) and its power against a named alternative.

The verdict a recorded store establishes is pinned in :data:`EXPECTED_WITH_RESULTS` (claim id →
(the store's config hash, verdict)), so that the test suite checks it; for a store with another
config hash (a user's own sweep) a claim expects ``inconclusive``.
"""
