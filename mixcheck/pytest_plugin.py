"""pytest plugin: ``pytest --mixcheck-report DIR`` writes the validation report from a test run.

Registered through the ``pytest11`` entry point (``mixcheck = "mixcheck.pytest_plugin"``).
The claim tests record their results with::

    request.node.user_properties.append(("mixcheck_claim", result.to_dict()))

This plugin collects those properties from every test report in ``pytest_runtest_logreport``.
Under pytest-xdist the workers' reports reach the controller with their ``user_properties``,
so the controller collects every worker's claims and writes one report at session finish;
workers write nothing. Without ``--mixcheck-report`` the plugin does nothing (and imports
nothing heavy).
"""

from __future__ import annotations

import os
import time

import pytest

__all__ = ["PROPERTY", "ReportCollector", "order_claims"]

PROPERTY = "mixcheck_claim"


def order_claims(claims: list[dict]) -> list[dict]:
    """``claims`` sorted as ``mixcheck report`` lists them: by inventory id (the order of
    ../shared/claims.md), then registry order, then id (ids the registry does not know last)."""
    try:
        from mixcheck.claims import CLAIMS, INVENTORY, inventory_id_of
    except ImportError:  # pragma: no cover - the claims package is part of mixcheck
        CLAIMS, INVENTORY = [], ()

        def inventory_id_of(cid):
            return cid.split("/", 1)[0]

    inv = {v: i for i, v in enumerate(INVENTORY)}
    reg = {c.id: i for i, c in enumerate(CLAIMS)}
    big = len(inv) + len(reg) + 1

    def key(c):
        cid = str(c["id"])
        return (inv.get(inventory_id_of(cid), big), reg.get(cid, big), cid)

    return sorted(claims, key=key)


def pytest_addoption(parser):
    group = parser.getgroup("mixcheck", "mixcheck validation report")
    group.addoption(
        "--mixcheck-report",
        action="store",
        dest="mixcheck_report",
        metavar="DIR",
        default=None,
        help="write the mixcheck validation report (report.json, report.md, report.html, figures/) "
             "from the claim tests' recorded verdicts into DIR; works with pytest-xdist",
    )


def _is_xdist_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config):
    out = config.getoption("mixcheck_report", default=None)
    if out and not _is_xdist_worker(config):
        config.pluginmanager.register(ReportCollector(config, out), "mixcheck-report-collector")


class ReportCollector:
    """Collects claim dicts from test reports; writes the report at the end of the session."""

    def __init__(self, config, out: str):
        self.config = config
        self.out = os.path.abspath(os.path.join(str(config.invocation_params.dir), out))
        self.claims: dict[str, dict] = {}
        self.started = time.perf_counter()
        self.report: dict | None = None
        self.error: str | None = None

    def pytest_runtest_logreport(self, report):
        for name, value in getattr(report, "user_properties", ()) or ():
            if name == PROPERTY and isinstance(value, dict) and "id" in value:
                self.claims[str(value["id"])] = value

    def _ordered(self) -> list[dict]:
        """Claims in inventory order, registry order within an inventory id, then by id."""
        return order_claims(list(self.claims.values()))

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        from mixcheck.profiles import active_profile
        from mixcheck.report.build import build_report, default_results_dir, write_report
        from mixcheck.report.figures import make_figures

        claims = self._ordered()
        profile = active_profile().name
        # The claim tests' seed, when they all report the same one (run_claims puts it in evidence).
        seeds = {c.get("evidence", {}).get("seed") for c in claims if isinstance(c.get("evidence"), dict)}
        seed = seeds.pop() if len(seeds) == 1 and isinstance(next(iter(seeds)), int) else None
        results_dir = default_results_dir()
        figures = make_figures(self.out, seed=seed or 0, profile=profile, claim_ids=[c["id"] for c in claims],
                               results_dir=results_dir)
        self.report = build_report(
            claims, profile=profile, seed=seed, figures=figures, source="pytest --mixcheck-report",
            results_dir=results_dir, total_seconds=time.perf_counter() - self.started,
        )
        write_report(self.report, self.out)

    def pytest_terminal_summary(self, terminalreporter):
        if self.report is None:
            return
        from mixcheck.report.markdown import verdict_line

        s = self.report["summary"]
        terminalreporter.write_sep("-", "mixcheck validation report")
        if not s["total"]:
            terminalreporter.write_line("no claim results were recorded (no test recorded a 'mixcheck_claim' property)")
        else:
            terminalreporter.write_line(verdict_line(s))
        terminalreporter.write_line(f"report written to {os.path.join(self.out, 'report.html')} (and report.json, report.md)")
