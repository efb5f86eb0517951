"""``mixcheck report``: run every claim check and write the validation report.

Imported by ``mixcheck.cli`` to build the parser, so this module imports nothing heavy at
module level; the checks, figures and renderers load only when the command runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time

__all__ = ["register", "run", "print_summary", "unknown_ids", "closest_ids", "check_options", "check_out_dir", "UsageError"]

PROFILE_NAMES = ("ci", "dev", "thorough")  # mixcheck.profiles.PROFILES (a test keeps them in step)
FORMAT_CHOICES = ("json", "md", "html", "all")

DESCRIPTION = """\
Run the claim checks of a claims module (--claims; default the paper's, mixcheck.claims) and
write the validation report, titled and sectioned by that module's inventory, into DIR:
report.json (claims with verdicts and evidence, environment, settings, seeds, timings),
report.md, report.html (one self-contained page: figures embedded, no network, no script)
and figures/*.png and *.svg (not with --format json) (Fig. 1 and Fig. 2 reproduced, Section 6, Theorem 4, and
Table 1 / Fig. 3 where α-sweep results are recorded). Prints a summary table.
Progress is shown on a terminal and nothing but the table is printed otherwise."""

EPILOG = """\
exit status:
  0  every verdict equals the verdict recorded with its claim (expected_verdict)
  1  at least one verdict differs from its recorded verdict (the report is still written)
  2  bad usage (unknown claim id, unknown profile, bad seed, DIR not a writable folder,
     a claims module that is not found or declares no inventory);
     every option and id is checked before anything is written

examples:
  mixcheck report --out report
  mixcheck report --out /tmp/r --only thm2 sec6.beta-moments --format html
  mixcheck report --out /tmp/own --claims examples.own_claims.claims
  MIXCHECK_PROFILE=thorough mixcheck report --out report-thorough"""


def register(subparsers) -> argparse.ArgumentParser:
    """Add the ``report`` subcommand to ``subparsers`` (an argparse subparsers action)."""
    p = subparsers.add_parser(
        "report",
        help="run every claim check and write the validation report (HTML, Markdown, JSON, figures); "
             "exit 0 iff every verdict is the expected one",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the report into (created if missing)")
    p.add_argument("--profile", choices=PROFILE_NAMES, default=None,
                   help="search effort: ci (fast, deterministic), dev, thorough "
                        "(default: $MIXCHECK_PROFILE, else ci)")
    p.add_argument("--seed", type=_seed, default=0, help="seed of the Monte-Carlo checks and figures (default: 0)")
    p.add_argument("--only", nargs="+", metavar="ID",
                   help="check only these claims: exact ids (thm2/as-printed) or inventory ids (thm2)")
    p.add_argument("--claims", metavar="MODULE", default=None,
                   help="the claims to check: a module (dotted name importable from the working directory, or a "
                        "path to a .py file) that declares one Inventory and registers claims against it "
                        "(default: mixcheck.claims, the paper's)")
    p.add_argument("--results", metavar="DIR",
                   help="results root of the α-sweep stores the Table 1 / Fig. 3 claims read, one store per folder "
                        "(default: $MIXCHECK_RESULTS, else experiments/results of the checkout holding the working "
                        "directory)")
    p.add_argument("--jobs", type=_jobs, default="auto", metavar="N",
                   help="worker processes for the claims (same results; default auto: 2 for 40 claims or more "
                        "where 2 CPUs are available, else 1)")
    p.add_argument("--format", choices=FORMAT_CHOICES, default="all", help="which files to write (default: all); json computes the figures' numbers but draws "
                        "no figure")
    p.set_defaults(func=run)
    return p


def _jobs(text: str):
    if text == "auto":
        return text
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a positive integer or auto, got {text!r}") from None
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError(f"must be an integer from 1 to 64 or auto, got {text}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer in [0, 2**32), got {text!r}") from None
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"must be an integer in [0, 2**32), got {text}")
    return value


class _Progress:
    """tqdm progress on a terminal (stderr), nothing otherwise."""

    def __init__(self, enabled: bool, desc: str = "claims", unit: str = "claim"):
        self.enabled = enabled
        self.desc, self.unit = desc, unit
        self.bar = None

    def __call__(self, claim_id: str, i: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit=self.unit, desc=self.desc, file=sys.stderr, dynamic_ncols=True,
                            leave=False)
        self.bar.set_postfix_str(claim_id, refresh=False)
        self.bar.n = i  # i items done; claim_id is the one starting now
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.n = self.bar.total
            self.bar.close()
            self.bar = None


def _shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def print_summary(report: dict, file=None) -> None:
    """The summary table: verdict, evidence grade, claim id, one line of evidence; then the counts
    per verdict and per grade."""
    from mixcheck.report.evidence import grade_counts
    from mixcheck.report.markdown import verdict_line

    file = file or sys.stdout
    claims = report["claims"]
    width = shutil.get_terminal_size((120, 24)).columns if file.isatty() else 120
    idw = min(34, max([len(c["id"]) for c in claims] + [5]))
    print(f"{'verdict':<13} {'grade':<14} {'claim':<{idw}} evidence", file=file)
    for c in claims:
        verdict = c.get("verdict", "?")
        mark = "" if verdict == c.get("expected_verdict") else f" (expected {c.get('expected_verdict')})"
        ev = c.get("evidence")
        summary = ev.get("summary", "") if isinstance(ev, dict) else str(ev)
        grade = c.get("grade") or "—"
        head = f"{verdict:<13} {grade:<14} {c['id']:<{idw}} "
        print(head + _shorten(mark.strip() + (" " if mark else "") + summary, max(20, width - len(head))), file=file)
    print(verdict_line(report["summary"]), file=file)
    grades = grade_counts(claims)
    print("Evidence grades: " + (", ".join(f"{n} {g}" for g, n in grades.items()) if set(grades) != {"not recorded"}
                                 else "not recorded in these results") + ".", file=file)


def unknown_ids(ids, inventory=None) -> list[str]:
    """The ids among ``ids`` that name no registered claim (of ``inventory`` where given),
    exactly or as an inventory prefix."""
    from mixcheck.engine.runner import select_claims

    if inventory is None:
        inventory = _inventory(None)
    unknown = []
    for i in ids:
        try:
            select_claims([i], inventory=inventory)
        except ValueError:
            unknown.append(i)
    return unknown


def closest_ids(wrong: str, n: int = 3, inventory=None) -> list[str]:
    """The registered claim ids and inventory ids (of ``inventory`` where given) closest to
    ``wrong`` (difflib ratio)."""
    import difflib

    from mixcheck.engine.registry import claims_of, inventory_id_of

    if inventory is None:
        inventory = _inventory(None)
    claims = claims_of(inventory)
    known = sorted({inventory_id_of(c.id) for c in claims} | {c.id for c in claims})
    return difflib.get_close_matches(wrong, known, n=n, cutoff=0.5) or difflib.get_close_matches(
        wrong.split("/")[0], known, n=n, cutoff=0.3)


class UsageError(ValueError):
    """A bad option value: the message is the one line shown (exit status 2)."""


def check_out_dir(out: str) -> str:
    """The absolute path of ``--out`` if a report can be written there; nothing is created.
    An existing folder must be writable; a missing one needs a writable existing ancestor."""
    if not out or not out.strip():
        raise UsageError("--out must name a folder, got an empty string")
    path = os.path.abspath(out)
    if os.path.exists(path):
        if not os.path.isdir(path):
            raise UsageError(f"--out {out}: exists and is not a folder")
        if not os.access(path, os.W_OK | os.X_OK):
            raise UsageError(f"--out {out}: the folder is not writable")
        return path
    parent = os.path.dirname(path)
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent):
        raise UsageError(f"--out {out}: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"--out {out}: cannot create it, {parent} is not writable")
    return path


def _inventory(claims: str | None):
    """The inventory of the claims module ``claims`` (default: the paper's), imported."""
    from mixcheck.report.model import DEFAULT_CLAIMS, load_claims, module_inventory

    try:
        return module_inventory(load_claims(claims or DEFAULT_CLAIMS))
    except ValueError as exc:
        raise UsageError(f"--claims: {exc}") from None
    except Exception as exc:  # noqa: BLE001 — a user's module that fails to import is bad input, one line
        raise UsageError(f"--claims {claims}: importing it raised {type(exc).__name__}: {exc}") from None


def check_options(args: argparse.Namespace) -> tuple[str, str, list[str] | None]:
    """(profile, absolute --out, --only ids without repeats), or :class:`UsageError`. Runs
    before anything is written; imports the claims module (``args.inventory`` is then its
    inventory)."""
    from mixcheck.profiles import active_profile

    try:
        profile = active_profile(args.profile).name
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if not 0 <= args.seed < 2**32:
        raise UsageError(f"--seed must be an integer in [0, 2**32), got {args.seed}")
    inv = args.inventory = _inventory(getattr(args, "claims", None))
    only = list(dict.fromkeys(args.only)) if args.only else None
    if only:
        unknown = unknown_ids(only, inv)
        if unknown:
            hints = "; ".join(f"{u!r}: did you mean {', '.join(closest_ids(u, inventory=inv))}?"
                              if closest_ids(u, inventory=inv)
                              else f"{u!r}: no close match; inventory ids: {', '.join(inv.ids)}"
                              for u in unknown)
            raise UsageError(f"unknown claim id(s) for --only: {hints} (exact ids such as thm2/as-printed or "
                             "inventory ids such as thm2)")
    return profile, check_out_dir(args.out), only


def run(args: argparse.Namespace) -> int:
    """Check every option, run the checks, write the report, print the summary; the exit status
    (see --help)."""
    from mixcheck.report.model import DEFAULT_CLAIMS
    from mixcheck.report.parallel import PARALLEL_FROM, default_jobs, prestart, stop_workers

    claims_module = getattr(args, "claims", None) or DEFAULT_CLAIMS
    if claims_module.endswith(".py") or os.sep in claims_module:
        claims_module = os.path.abspath(claims_module)
    jobs = getattr(args, "jobs", 1)
    # the workers import the claims while this process checks the options: a whole inventory
    # (no --only) under --jobs auto, or an explicit --jobs N > 1
    if jobs == "auto":
        early = 1 if args.only else default_jobs(PARALLEL_FROM)
    else:
        early = jobs
    try:
        if getattr(args, "results", None) is not None:  # before the claims are imported: they read it
            if not os.path.isdir(args.results):
                raise UsageError(f"--results {args.results} is not a folder (a results root holds one sweep "
                                 "store per folder)")
            os.environ["MIXCHECK_RESULTS"] = os.path.abspath(args.results)  # the workers inherit it too
        if early > 1:
            prestart(early, claims_module)
        profile, out, only = check_options(args)
    except UsageError as exc:
        stop_workers(wait=False)
        print(f"mixcheck report: error: {exc}", file=sys.stderr)
        return 2
    formats = ("json", "md", "html") if args.format == "all" else (args.format,)
    from mixcheck.engine.runner import select_claims
    from mixcheck.report.build import default_results_dir, generate

    if jobs == "auto":
        jobs = default_jobs(len(select_claims(only, inventory=args.inventory)))
    if jobs != early:
        stop_workers(wait=False)  # started for another count: generate starts its own

    results_dir = default_results_dir()  # where the Table 1 / Fig. 3 claims read the sweeps
    tty = sys.stderr.isatty()
    progress, fig_progress = _Progress(tty), _Progress(tty, "figures", "figure")
    t0 = time.perf_counter()
    try:
        os.makedirs(out, exist_ok=True)
        report = generate(out, profile=profile, seed=args.seed, only=only, formats=formats,
                          results_dir=results_dir, progress=progress, figure_progress=fig_progress,
                          inventory=args.inventory, jobs=jobs, claims_module=claims_module)
    except OSError as exc:
        print(f"mixcheck report: error: cannot write the report into {args.out}: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    finally:
        progress.close()
        fig_progress.close()
    print_summary(report)
    names = {"json": "report.json", "md": "report.md", "html": "report.html"}
    written = ", ".join(os.path.join(args.out, names[f]) for f in formats)
    figs = "" if formats == ("json",) else f" and {os.path.join(args.out, 'figures')}/"
    print(f"wrote {written}{figs} in {time.perf_counter() - t0:.1f} s")
    return 0 if report["summary"]["all_expected"] else 1
