"""The two kinds of failure a user can meet, each with its own exit code.

Everything the user sees of a failure is one line on stderr, so the CLI only
needs to know which kind it is, not where it came from.
"""


class ScaffoldError(Exception):
    """A failure reported as ``error: <message>`` with ``exit_code``."""

    exit_code = 1


class UserError(ScaffoldError):
    """Bad input: an unknown name, a contradiction, a bad destination."""

    exit_code = 2


class Fault(ScaffoldError):
    """Something went wrong while writing; nothing was left behind."""

    exit_code = 1
