"""The ``mixcheck`` command line.

Each subcommand lives in its own module, which registers itself cheaply (no torch, SymPy or
matplotlib at import time) and loads what it needs only when it runs. A usage error is exit
status 2 with one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["main", "build_parser", "OneLineErrorParser"]

DESCRIPTION = ('Check the statements of Kimura, "Why Mixup Improves the Model Performance" (or of your own '
               "claims module, report --claims), claim by claim, and run the paper's α-sweep experiments.")


class OneLineErrorParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr and exit status 2."""

    def error(self, message: str):  # noqa: D401 — argparse's hook
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _cmd_info(args: argparse.Namespace) -> int:
    from .info import environment

    env = environment(probe_cuda=args.cuda)
    if args.json:
        print(json.dumps(env, indent=2))
    else:
        width = max(map(len, env))
        for key, value in env.items():
            if value is None:
                value = "not probed (mixcheck info --cuda)" if key.startswith("cuda") and not args.cuda else "—"
            print(f"{key:<{width}}  {value}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(prog="mixcheck", description=DESCRIPTION,
                                epilog="Run 'mixcheck COMMAND --help' for the options of a command.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineErrorParser)
    p = sub.add_parser("info", help="versions of Python and the libraries, git commit, NVIDIA driver",
                       description="Print the versions of Python and of the libraries (from the installed "
                                   "packages' metadata, without importing them), the git commit and the "
                                   "NVIDIA driver. --cuda also imports torch to ask whether CUDA is usable "
                                   "(seconds).")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--cuda", action="store_true",
                   help="import torch and report torch.cuda.is_available() and the device name (slower)")
    p.set_defaults(func=_cmd_info)
    for register in _extra_registrations():  # report, sweep, sweep-report
        register(sub)
    return parser


def _extra_registrations():
    """Subcommand registrars of the other modules; each has ``register(subparsers)``."""
    from . import report_cli

    yield report_cli.register
    try:
        from mixcheck.experiments import cli as experiments_cli
    except ModuleNotFoundError as exc:
        if exc.name not in ("mixcheck.experiments", "mixcheck.experiments.cli"):
            raise
    else:  # the experiments package is installed
        yield experiments_cli.register


def short_usage(parser: argparse.ArgumentParser) -> str:
    """``usage: mixcheck COMMAND …`` and one line per subcommand (its help's first clause)."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    rows = [(a.dest, (a.help or "").split(";")[0]) for a in sub._choices_actions]
    width = max(len(name) for name, _ in rows)
    lines = ["usage: mixcheck COMMAND [options]", "", DESCRIPTION, "", "commands:"]
    lines += [f"  {name:<{width}}  {text}" for name, text in rows]
    lines += ["", "Run 'mixcheck COMMAND --help' for the options of a command, 'mixcheck --help' for this list."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 a check differs, 2 bad usage)."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:  # a usage error, as argparse treats a missing required argument: exit status 2
        print(short_usage(parser), file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        print(short_usage(parser), file=sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print(f"mixcheck {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
