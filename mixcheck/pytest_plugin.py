"""pytest plugin: ``pytest --mixcheck-report DIR`` writes the validation report from a test run.

Registered through the ``pytest11`` entry point (``mixcheck = "mixcheck.pytest_plugin"``).
The claim tests record their results with::

    request.node.user_properties.append(("mixcheck_claim", result.to_dict()))

In the process that runs the test (a worker under xdist) each recorded dict is validated
against the registry (:func:`mixcheck.engine.validate.result_problems`: a registered id, a
known verdict, strict-JSON evidence, a refuted counterexample recomputed from its inputs); a
dict that fails is kept with verdict ``invalid`` and its ``problems``, and the test fails with
them. The claims' inventory (name and report title) travels with them as the property
``mixcheck_inventory``.

This plugin collects those properties from every test report in ``pytest_runtest_logreport``.
Under pytest-xdist the workers' reports reach the controller with their ``user_properties``,
so the controller collects every worker's claims and writes one report at session finish;
workers write nothing. Without ``--mixcheck-report`` the plugin only validates the recorded
claim dicts (it imports the engine only for a test that recorded one).
"""

from __future__ import annotations

import os
import time

import pytest

__all__ = ["PROPERTY", "INVENTORY_PROPERTY", "ReportCollector", "order_claims"]

PROPERTY = "mixcheck_claim"
INVENTORY_PROPERTY = "mixcheck_inventory"
VALIDATED_PROPERTY = "mixcheck_validated"


def order_claims(claims: list[dict], inventories: list[dict] | None = None) -> list[dict]:
    """``claims`` sorted as ``mixcheck report`` lists them: by inventory and entry id (the
    declared inventories, else those of ``inventories`` — ``{"name", "title", "ids"}`` as the
    tests' processes sent them — else the default claims package's), then registry order, then
    id (ids no inventory knows last)."""
    from mixcheck.engine.inventory import declared
    from mixcheck.engine.registry import CLAIMS, inventory_id_of
    from mixcheck.report.model import inventory_for

    order: list[str] = [e for x in declared() for e in x.ids]
    for info in inventories or ():
        order += [i for i in info.get("ids", ()) if i not in order]
    if any(inventory_id_of(str(c["id"])) not in order for c in claims):
        inventory_for([str(c["id"]) for c in claims])  # loads the default claims package
        order += [e for x in declared() for e in x.ids if e not in order]
    inv = {v: i for i, v in enumerate(order)}
    reg = {c.id: i for i, c in enumerate(CLAIMS)}
    big = len(inv) + len(reg) + 1

    def key(c):
        cid = str(c["id"])
        return (inv.get(inventory_id_of(cid), big), reg.get(cid, big), cid)

    return sorted(claims, key=key)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Validate the claim dicts a test recorded (in the process that ran it); a bad one fails
    the test with its problems."""
    outcome = yield
    props = getattr(item, "user_properties", None)
    if call.when != "call" or not props or not any(name == PROPERTY for name, _ in props):
        return
    from mixcheck.engine.validate import registered, validated_result

    rep = outcome.get_result()
    errors, inventories, checked = [], {}, []
    for k, (name, value) in enumerate(list(props)):
        if name != PROPERTY:
            continue
        d, problems = validated_result(value)
        checked.append(d["id"])
        if problems:
            props[k] = (name, d)
            errors.append(f"claim {d['id']}: " + "; ".join(problems))
        c = registered(d["id"])
        if c is not None and c.inventory is not None:
            inventories[c.inventory.name] = {"name": c.inventory.name, "title": c.inventory.title,
                                             "ids": list(c.inventory.ids)}
    for info in inventories.values():
        if (INVENTORY_PROPERTY, info) not in props:
            props.append((INVENTORY_PROPERTY, info))
    props.append((VALIDATED_PROPERTY, checked))
    rep.user_properties = list(props)
    if errors and rep.passed:
        rep.outcome = "failed"
        rep.longrepr = "mixcheck: invalid claim record(s):\n" + "\n".join(errors)


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
        self.inventories: dict[str, dict] = {}
        self.started = time.perf_counter()
        self.report: dict | None = None
        self.error: str | None = None

    def pytest_runtest_logreport(self, report):
        from mixcheck.engine.validate import validated_result

        props = list(getattr(report, "user_properties", ()) or ())
        checked = {i for name, ids in props if name == VALIDATED_PROPERTY for i in ids}
        for name, value in props:
            if name == PROPERTY:
                if not (isinstance(value, dict) and value.get("id") in checked):
                    value, _ = validated_result(value)  # recorded outside the test's call: validated here
                self.claims[str(value["id"])] = value
            elif name == INVENTORY_PROPERTY and isinstance(value, dict) and isinstance(value.get("name"), str):
                self.inventories.setdefault(value["name"], value)

    def _ordered(self) -> list[dict]:
        """Claims in inventory order, registry order within an inventory id, then by id."""
        return order_claims(list(self.claims.values()), list(self.inventories.values()))

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        from mixcheck.profiles import active_profile
        from mixcheck.report.build import build_report, default_results_dir, figures_of, write_report

        claims = self._ordered()
        profile = active_profile().name
        # The claim tests' seed, when they all report the same one (run_claims puts it in evidence).
        seeds = {c.get("evidence", {}).get("seed") for c in claims if isinstance(c.get("evidence"), dict)}
        seed = seeds.pop() if len(seeds) == 1 and isinstance(next(iter(seeds)), int) else None
        results_dir = default_results_dir()
        first = next(iter(self.inventories.values()), None)
        figures = figures_of(self.out, claims, seed=seed or 0, profile=profile, results_dir=results_dir,
                             inventory_name=first["name"] if first else None)
        self.report = build_report(
            claims, profile=profile, seed=seed, figures=figures, source="pytest --mixcheck-report",
            results_dir=results_dir, total_seconds=time.perf_counter() - self.started,
            title=first["title"] if first else None, inventory_name=first["name"] if first else None,
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
