"""The ``mixcheck`` command line. Each subcommand lives in its own module and is imported
only when used, so ``mixcheck info`` stays fast."""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["main", "build_parser"]


def _cmd_info(args: argparse.Namespace) -> int:
    from .info import environment

    env = environment()
    if args.json:
        print(json.dumps(env, indent=2))
    else:
        width = max(map(len, env))
        for key, value in env.items():
            print(f"{key:<{width}}  {value}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mixcheck", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("info", help="versions of Python and the libraries, and whether CUDA is available")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_cmd_info)
    # Further subcommands register themselves here (report, sweep, sweep-report).
    for register in _extra_registrations():
        register(sub)
    return parser


def _extra_registrations():
    """Subcommand registrars of the other modules; each has ``register(subparsers)``."""
    import importlib

    for modname in ("mixcheck.report_cli", "experiments.cli"):
        try:
            mod = importlib.import_module(modname)
        except ModuleNotFoundError as exc:
            if exc.name in (modname, modname.rpartition(".")[0]):
                continue  # not built yet
            raise
        yield mod.register


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
