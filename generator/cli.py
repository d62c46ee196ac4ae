"""The ``sgi-scaffold`` command line.

Heavy modules (questionary, jinja2, yaml, shtab) are imported only by the
command that needs them, so ``--help`` and ``list --json`` start quickly.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from . import __version__
from .errors import ScaffoldError, UserError

COMMANDS = ("new", "list", "explain", "diff", "update", "template", "completion")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one ``error:`` line like every other."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see '{self.prog} --help')\n")


def _selection_flags() -> argparse.ArgumentParser:
    flags = _Parser(add_help=False)
    group = flags.add_argument_group("what to generate (anything left out is asked, or defaulted with --no-input)")
    group.add_argument("--interface", choices=("wsgi", "asgi"), help="sync (wsgi, the default) or async (asgi)")
    group.add_argument(
        "--websocket", action=argparse.BooleanOptionalAction, help="a WebSocket echo at /ws (needs asgi)"
    )
    group.add_argument("--http2", action=argparse.BooleanOptionalAction, help="serve HTTP/2 (needs asgi)")
    group.add_argument("--framework", metavar="F", help="framework name, see 'sgi-scaffold list'")
    group.add_argument("--server", metavar="S", help="server name, see 'sgi-scaffold list'")
    group.add_argument(
        "--redis", action=argparse.BooleanOptionalAction,
        help="Django Channels: its channel layer on Redis, with a Redis service in compose.yaml (default: no)",
    )
    group.add_argument(
        "--kubernetes", action=argparse.BooleanOptionalAction, help="add Kubernetes manifests in k8s/ (default: no)"
    )
    group.add_argument("--name", help="project name (default: my-service)")
    group.add_argument("--description", help="one line for the README and pyproject.toml")
    group.add_argument("--author", help="the author's name for pyproject.toml")
    group.add_argument(
        "--answers", metavar="FILE", type=Path,
        help="take answers from a YAML or JSON file, e.g. a project's .sgi-scaffold.yml; flags override it",
    )
    group.add_argument("--no-input", action="store_true", help="ask nothing: take the default for every open question")
    return flags


def _parser() -> _Parser:
    parser = _Parser(
        prog="sgi-scaffold",
        description="Generate a ready-to-run Python web service for the WSGI or ASGI framework and server that fit. "
        "With no command, runs 'new'.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on failure")
    commands = parser.add_subparsers(dest="command", metavar="{" + ",".join(COMMANDS) + "}", parser_class=_Parser)

    new = commands.add_parser("new", parents=[_selection_flags()], help="generate a project (the default command)")
    new.add_argument("-o", "--output-dir", default=".", type=Path, help="where the project folder goes (default: .)")
    new.add_argument("--force", action="store_true", help="write into an existing, non-empty project folder")
    new.add_argument("--dry-run", action="store_true", help="print what would be written, and write nothing")
    new.add_argument("--no-lock", dest="lock", action="store_false",
                     help="write no uv.lock (offline); the image then resolves the version ranges when built")
    new.set_defaults(handler=_new)

    listing = commands.add_parser("list", help="print which frameworks fit which servers")
    form = listing.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_const", const="json", dest="form", help="machine-readable")
    form.add_argument("--markdown", action="store_const", const="markdown", dest="form", help="docs/matrix.md")
    listing.set_defaults(handler=_list)

    diff = commands.add_parser(
        "diff", help="what regenerating a project from its recorded answers would change (exit 1 if anything)"
    )
    diff.add_argument("project", nargs="?", default=Path("."), type=Path, metavar="DIR", help="default: .")
    diff.set_defaults(handler=_diff)

    update = commands.add_parser(
        "update", help="regenerate a project, with changed answers if given, merging in your edits"
    )
    update.add_argument("project", nargs="?", default=Path("."), type=Path, metavar="DIR", help="default: .")
    changes = update.add_argument_group("answers to change (the rest stay as recorded in .sgi-scaffold.yml)")
    changes.add_argument("--interface", choices=("wsgi", "asgi"))
    changes.add_argument("--websocket", action=argparse.BooleanOptionalAction)
    changes.add_argument("--http2", action=argparse.BooleanOptionalAction)
    changes.add_argument("--framework", metavar="F")
    changes.add_argument("--server", metavar="S")
    update.add_argument("--allow-dirty", action="store_true", help="run even if git shows uncommitted changes")
    update.add_argument("--dry-run", action="store_true", help="print what would change, and write nothing")
    update.set_defaults(handler=_update)

    explain = commands.add_parser("explain", help="what a framework or server is and what it can do")
    explain.add_argument("name", metavar="NAME", help="a framework or server, e.g. flask or hypercorn")
    explain.set_defaults(handler=_explain)

    template = commands.add_parser(
        "template",
        parents=[_selection_flags()],
        help="write the composed cookiecutter template for a selection, for use with plain cookiecutter",
    )
    template.add_argument("-o", "--output-dir", required=True, type=Path, help="an empty or new folder")
    template.set_defaults(handler=_template)

    completion = commands.add_parser("completion", help="print a shell completion script")
    completion.add_argument("shell", choices=("bash", "zsh", "tcsh"))
    completion.set_defaults(handler=_completion)
    return parser


def _flags(args: argparse.Namespace):
    """The answers given as flags; ``update`` has no name or text flags."""
    from .answers import Answers
    from .matrix import Interface

    return Answers(
        interface=Interface(args.interface) if args.interface else None,
        websocket=args.websocket,
        http2=args.http2,
        framework=args.framework,
        server=args.server,
        name=getattr(args, "name", None),
        description=getattr(args, "description", None),
        author=getattr(args, "author", None),
        kubernetes=getattr(args, "kubernetes", None),
        redis=getattr(args, "redis", None),
    )


def _given(args: argparse.Namespace):
    """Flags over the answers file over nothing: what the user has said so far."""
    from . import answers_file
    from .answers import Answers, overlay

    recorded = answers_file.load(args.answers) if args.answers else Answers()
    return overlay(recorded, _flags(args))


class _NoTerminal:
    """The asker when nobody can answer: fine until a question is actually open."""

    def choose(self, question):
        raise UserError(f"no terminal to ask {question.message!r} in: pass --no-input, or answer with flags")

    def name(self, default: str):
        raise UserError("no terminal to ask for the project name in: pass --no-input or --name")

    def note(self, text: str) -> None:
        print(text, file=sys.stderr)


def _settle(args: argparse.Namespace):
    from .answers import Defaults, settle

    if args.no_input:
        return settle(_given(args), Defaults())
    if not sys.stdin.isatty():
        return settle(_given(args), _NoTerminal())
    from .wizard import Wizard

    return settle(_given(args), Wizard())


def _new(args: argparse.Namespace) -> int:
    from . import context, render

    selection = _settle(args)
    if args.dry_run:
        from .update import preview

        dest = args.output_dir / selection.names.slug
        if dest.is_dir() and any(dest.iterdir()) and not args.force:
            raise UserError(f"{dest} already exists and is not empty; use --force to write into it")
        print(f"Would write {dest}: {selection.framework.label} on {selection.server.label} (nothing written)")
        tree = render.render_tree(selection.combination, context.build(selection))
        print("\n".join(preview(tree, dest)))
        return 0
    written = render.write(selection.combination, context.build(selection), args.output_dir, force=args.force)
    where = written.path
    if args.lock:
        from .lock import lock

        locked = lock(where)
        if locked.note:
            print(locked.note, file=sys.stderr)
    framework, server = selection.framework, selection.server
    print(f"Created {where}: {framework.label} on {server.label} ({framework.interface.name})")
    for rel in written.overwritten:
        print(f"  overwrote {rel}")
    print(f"\nNext:\n  cd {where}\n  uv run pytest\n  uv run {context.start_command(selection)}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from . import listing

    if args.form == "json":
        print(listing.as_json())
    elif args.form == "markdown":
        sys.stdout.write(listing.as_markdown())
    else:
        print(listing.table())
    return 0


def _diff(args: argparse.Namespace) -> int:
    from .update import diff

    text = diff(args.project)
    sys.stdout.write(text)
    return 1 if text else 0


def _update(args: argparse.Namespace) -> int:
    from . import update

    if args.dry_run:
        planned = update.plan(args.project, _flags(args))
    else:
        planned = update.update(args.project, _flags(args), allow_dirty=args.allow_dirty)
    verb = "Would update" if args.dry_run else "Updated"
    combo = planned.selection.combination
    print(f"{verb} {args.project}: {combo.framework.label} on {combo.server.label}")
    for line in planned.report or ["nothing to change"]:
        print(f"  {line}")
    if planned.conflicts:
        print(f"\n{len(planned.conflicts)} file(s) with conflicts; resolve the <<<<<<< ======= >>>>>>> markers in:")
        for rel in planned.conflicts:
            print(f"  {args.project / rel}")
        return 1
    return 0


def _explain(args: argparse.Namespace) -> int:
    from .explain import explain

    print(explain(args.name))
    return 0


def _completion(args: argparse.Namespace) -> int:
    """Completion from the parser itself, with names drawn from the matrix.

    The choices are set only here: parsing keeps its own one-line errors,
    which say what would fit instead.
    """
    import shtab

    from . import matrix

    names = {
        "--framework": [f.key for f in matrix.FRAMEWORKS],
        "--server": [s.key for s in matrix.SERVERS],
        "explain NAME": [e.key for e in (*matrix.FRAMEWORKS, *matrix.SERVERS)],
    }
    parser = _parser()
    # argparse has no public way to walk its subcommands' actions.
    for command, sub in parser._subparsers._group_actions[0].choices.items():
        for action in sub._actions:
            for key in (*action.option_strings, f"{command} {action.metavar}"):
                if key in names:
                    action.choices = names[key]
            if isinstance(action.default, Path) or action.dest in ("output_dir", "answers"):
                action.complete = shtab.DIRECTORY if action.dest == "output_dir" else shtab.FILE
    print(shtab.complete(parser, shell=args.shell))
    return 0


def _template(args: argparse.Namespace) -> int:
    from . import context, render

    dest: Path = args.output_dir
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UserError(f"{dest} already exists and is not an empty folder")
    selection = _settle(args)
    dest.mkdir(parents=True, exist_ok=True)
    render.compose(selection.combination, context.build(selection), dest)
    print(f"Wrote a cookiecutter template to {dest}; render it with: cookiecutter {dest}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version", "--debug")):
        argv.insert(0, "new")
    elif argv[0] == "--debug" and (len(argv) == 1 or argv[1] not in COMMANDS):
        argv.insert(1, "new")
    args = _parser().parse_args(argv)
    if not getattr(args, "handler", None):
        args = _parser().parse_args([*argv, "new"])
    try:
        return args.handler(args)
    except ScaffoldError as err:
        if args.debug:
            raise
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("error: cancelled; nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`sgi-scaffold list | head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as err:  # a fault: one line unless --debug asks for the traceback
        if args.debug:
            raise
        print(f"error: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
