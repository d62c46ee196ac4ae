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

COMMANDS = ("new", "list", "explain", "diff", "update", "template", "serve", "completion")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one ``error:`` line like every other."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see '{self.prog} --help')\n")


def _answer_flags(group: argparse._ArgumentGroup, update: bool) -> None:
    """One flag per answer declared in generator/schema.py (for ``update``, those it can change)."""
    from .schema import ASKED, ordered

    for answer in ordered(ASKED):
        if update and not answer.update:
            continue
        if answer.kind is bool:
            group.add_argument(answer.flag, action=argparse.BooleanOptionalAction, help=answer.help)
        else:
            group.add_argument(answer.flag, choices=answer.choices(), metavar=answer.metavar, help=answer.help)


def _selection_flags() -> argparse.ArgumentParser:
    flags = _Parser(add_help=False)
    group = flags.add_argument_group("what to generate (anything left out is asked, or defaulted with --no-input)")
    _answer_flags(group, update=False)
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
    _answer_flags(changes, update=True)
    update.add_argument("--allow-dirty", action="store_true", help="run even if git shows uncommitted changes")
    update.add_argument("--dry-run", action="store_true", help="print what would change, and write nothing")
    update.set_defaults(handler=_update)

    explain = commands.add_parser("explain", help="what a framework or server is and what it can do")
    explain.add_argument(
        "name", metavar="NAME",
        help="a framework or server, e.g. flask or hypercorn; server:sanic or framework:sanic picks one of the two",
    )
    explain.set_defaults(handler=_explain)

    template = commands.add_parser(
        "template",
        parents=[_selection_flags()],
        help="write the composed cookiecutter template for a selection, for use with plain cookiecutter",
    )
    template.add_argument("-o", "--output-dir", required=True, type=Path, help="an empty or new folder")
    template.set_defaults(handler=_template)

    serve = commands.add_parser(
        "serve", help="run the web initializr: a page and an HTTP API (needs sgi-scaffold[serve])"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", default=8080, type=int, help="port to listen on (default: 8080)")
    serve.add_argument("--workers", default=1, type=_positive, metavar="N",
                       help="processes serving the one port: rendering is CPU-bound, one per core (default: 1)")
    serve.set_defaults(handler=_serve)

    completion = commands.add_parser("completion", help="print a shell completion script")
    completion.add_argument("shell", choices=("bash", "zsh", "tcsh"))
    completion.set_defaults(handler=_completion)
    return parser


def _flags(args: argparse.Namespace):
    """The answers given as flags; ``update`` has no name or text flags."""
    from .answers import Answers
    from .schema import ANSWERS

    return Answers(**{answer.key: answer.parse(getattr(args, answer.key, None)) for answer in ANSWERS})


def _given(args: argparse.Namespace):
    """Flags over the answers file over nothing: what the user has said so far."""
    from . import answers_file
    from .answers import Answers, overlay

    recorded = answers_file.load(args.answers) if args.answers else Answers()
    return overlay(recorded, _flags(args))


class _NoTerminal:
    """The asker when nobody can answer: fine until a question is actually open."""

    def choose(self, question):
        if len(question.options) == 1:  # as the wizard does: the only answer that fits is no question
            return question.options[0].value
        raise UserError(f"no terminal to ask {question.message!r} in: pass --no-input, or answer with flags")

    def name(self, default: str):
        raise UserError("no terminal to ask for the project name in: pass --no-input or --name")

    def note(self, text: str) -> None:
        print(text, file=sys.stderr)


def _settle(args: argparse.Namespace):
    from .answers import Defaults, settle

    if args.no_input:
        return settle(_given(args), Defaults())
    if sys.stdin is None or sys.stdin.closed or not sys.stdin.isatty():
        return settle(_given(args), _NoTerminal())
    from .wizard import Wizard

    destination = args.output_dir if args.handler is _new else None
    return Wizard(destination, force=getattr(args, "force", False)).settle(_given(args))


def _new(args: argparse.Namespace) -> int:
    from . import context, render, write

    selection = _settle(args)
    dest = args.output_dir / selection.names.slug
    if args.dry_run:
        write.check_destination(dest, args.force)
        print(f"Would write {dest}: {selection.framework.label} on {selection.server.label} (nothing written)")
        _, tree = render.render(selection.combination, context.build(selection))
        print("\n".join(write.preview(tree, dest)))
        return 0
    written = write.generate(selection.combination, context.build(selection), args.output_dir, force=args.force)
    where = written.path
    if args.lock:
        from .lock import lock

        locked = lock(where, selection.python)
        if locked.note:
            print(locked.note, file=sys.stderr)
    framework, server = selection.framework, selection.server
    verb = "Updated" if written.updated else "Created"
    print(f"{verb} {where}: {framework.label} on {server.label} ({selection.combination.interface.name})")
    for rel in written.overwritten:
        print(f"  overwrote {rel}")
    from .pythons import interpreter, warning

    found = interpreter(selection.python) is not None
    if note := warning(framework.label, context.requires_python(selection), found=found):
        print(note)
    print(_next_steps(selection, where))
    return 0


def _next_steps(selection, where: Path) -> str:
    """What to type next: test, serve, and try it from a second terminal."""
    from . import context

    url = "http://127.0.0.1:8000"
    lines = [
        "", "Next:", f"  cd {where}", "  uv run pytest", f"  uv run {context.start_command(selection)}",
        "Then, in another terminal:",
        f"  curl {url}/              # the routes",
        f"  curl {url}/health",
    ]
    if selection.http2:
        lines.append(f"  curl --http2-prior-knowledge {url}/health")
    if selection.websocket:
        lines.append("  uvx websockets ws://127.0.0.1:8000/ws   # type a line, get it back")
    return "\n".join(lines)


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
    if not args.dry_run and "pyproject.toml" in planned.changes and (args.project / "uv.lock").exists():
        # The dependencies changed (a server switched, a feature added): pin them again, or the
        # image's `uv sync --locked` would refuse the project.
        from .lock import lock

        locked = lock(args.project, planned.selection.python, update=True)
        if locked.written:
            print(f"  relocked  uv.lock ({locked.seconds:.1f} s)")
        else:
            print(locked.note, file=sys.stderr)
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


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 up, not {text!r}")
    return int(text)


def _serve(args: argparse.Namespace) -> int:
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401

        from .serve import run
    except ImportError as err:
        missing = f"{err.name} is missing"
        raise UserError(f"serve needs the serve extra ({missing}): pip install 'sgi-scaffold[serve]'") from None
    print(f"Serving the initializr on http://{args.host}:{args.port}/ (Ctrl-C stops it)", file=sys.stderr)
    from .staging import Cancelled

    try:
        run(args.host, args.port, workers=args.workers)
    except (Cancelled, KeyboardInterrupt):
        # uvicorn shut down gracefully, then raised the signal that stopped it again for the
        # handler before its own: for a server that is a stop (exit 0, as its container expects), not a cancel.
        pass
    return 0


def _completion(args: argparse.Namespace) -> int:
    """Completion from the parser itself, with names drawn from the matrix.

    The choices are set only here: parsing keeps its own one-line errors,
    which say what would fit instead.
    """
    import shtab

    from . import matrix
    from .schema import ANSWERS

    names: dict[str, list[str]] = {answer.flag: list(answer.names()) for answer in ANSWERS if answer.names}
    names["explain NAME"] = [e.key for e in (*matrix.FRAMEWORKS, *matrix.SERVERS)]
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
    from . import context, render, write

    dest: Path = args.output_dir
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UserError(f"{dest} already exists and is not an empty folder")
    selection = _settle(args)
    write.template(render.compose(selection.combination, context.build(selection)), dest)
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
    from .staging import Cancelled, catch_ending_signals

    catch_ending_signals()
    try:
        return args.handler(args)
    except ScaffoldError as err:
        if args.debug:
            raise
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D at a question
        print("error: cancelled; nothing was written", file=sys.stderr)
        return 130
    except Cancelled as err:
        print(f"error: cancelled by {err}; nothing was written", file=sys.stderr)
        return 128 + err.signum
    except BrokenPipeError:
        # The reader went away (`sgi-scaffold list | head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as err:  # a fault: one line unless --debug asks for the traceback
        if args.debug:
            raise
        print(f"error: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
