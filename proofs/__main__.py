"""``python -m mixcheck.proofs``: print every derivation and the status of each step.

Options: ``--json PATH`` writes ``{"derivations": [...]}`` (atomically); ``--markdown PATH`` and
``--latex PATH`` write the rendered derivations; ``--only ID ...`` (several ids, or repeated)
builds and prints only those derivations. Exit status 1 when a step fails that is not recorded
as expected to fail (or is undecided); 2 on bad usage (an unknown id: the closest are named).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from mixcheck.atomic import write_text as _write_atomic


def _mark(step) -> str:
    if not step.ok:
        return "FAIL"
    return "ok  " if step.holds else "xok "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mixcheck.proofs", description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the derivations as JSON")
    parser.add_argument("--markdown", type=Path, metavar="PATH", help="write the derivations as Markdown")
    parser.add_argument("--latex", type=Path, metavar="PATH", help="write the derivations as LaTeX")
    parser.add_argument("--only", action="extend", nargs="+", metavar="ID",
                        help="only these derivation ids (several, or the option repeated)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary line")
    parser.add_argument("--list", action="store_true", help="print the known derivation ids and exit")
    args = parser.parse_args(argv)

    from mixcheck import proofs

    if args.only:
        known = set(proofs.ids())
        for i in args.only:
            if i not in known:
                near = proofs.closest(i)
                hint = f"; closest: {', '.join(near)}" if near else "; see python -m mixcheck.proofs --list"
                print(f"python -m mixcheck.proofs: error: unknown derivation id {i!r}{hint}", file=sys.stderr)
                return 2
    if args.list:
        print("\n".join(proofs.ids()))
        return 0
    t0 = time.perf_counter()
    ders = [proofs.get(i) for i in dict.fromkeys(args.only)] if args.only else proofs.all_derivations()
    seconds = time.perf_counter() - t0

    if not args.quiet:
        for d in ders:
            proof = "proof" + (f" of {', '.join(d.proves)}" if d.proves else "") if d.is_proof else "not a proof"
            print(f"{'OK ' if d.ok else 'BAD'} {d.id} — {d.title} [{proof}]")
            for s in d.steps:
                line = f"    [{_mark(s)}] {s.name}"
                if not s.ok:
                    line += f"  ({s.status})"
                if s.expected_to_fail:
                    line += f"  (expected to fail: {s.reason})"
                print(line)
                print(f"           [{s.grade}] {s.method}")
    bad = [d for d in ders if not d.ok]
    n_steps = sum(len(d.steps) for d in ders)
    n_xfail = sum(s.expected_to_fail for d in ders for s in d.steps)
    n_proof = sum(d.is_proof for d in ders)
    print(f"{len(ders)} derivations ({n_proof} proofs), {n_steps} steps ({n_xfail} recorded as failing in the paper), "
          f"{len(bad)} not OK; built and checked in {seconds:.1f} s")
    for d in bad:
        for s in d.unexpected():
            print(f"NOT OK: {d.id} / {s.name}: {s.status}; residual {s.residual}", file=sys.stderr)

    try:
        _write_outputs(args, ders)
    except OSError as exc:
        print(f"python -m mixcheck.proofs: error: cannot write output: {exc}", file=sys.stderr)
        return 2
    return 1 if bad else 0


def _write_outputs(args, ders) -> None:
    if args.json:
        _write_atomic(args.json, json.dumps({"derivations": [d.to_dict() for d in ders]}, indent=1,
                                            ensure_ascii=False) + "\n")
    if args.markdown:
        _write_atomic(args.markdown, "\n".join(d.to_markdown() for d in ders))
    if args.latex:
        _write_atomic(args.latex, "\n\n".join(d.to_latex() for d in ders) + "\n")


if __name__ == "__main__":
    sys.exit(main())
