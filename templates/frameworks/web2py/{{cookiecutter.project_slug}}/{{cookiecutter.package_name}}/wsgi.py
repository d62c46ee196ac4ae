"""The application servers load: ``{{ cookiecutter.package_name }}.wsgi:application``.

web2py reads its VERSION file, routes.py and applications/ from one folder, named
by the ``web2py_path`` environment variable; by default the ``web2py`` folder in
the directory the server starts in (the project folder, as the Dockerfile does).
"""

import logging
import os

os.environ.setdefault("web2py_path", os.path.join(os.getcwd(), "web2py"))

import gluon.main  # noqa: E402  (gluon reads web2py_path as it is imported)
from gluon.restricted import RestrictedError  # noqa: E402

application = gluon.main.wsgibase

# web2py answers an error with a ticket number and keeps the traceback in a ticket file under
# applications/api/errors/; it logs the traceback only when its own command line runs it with
# --errors-to-console. A server's log (a container's) should carry it whatever serves the app.
_store_ticket = RestrictedError.log


def _log_ticket(self: RestrictedError, request: object) -> object:
    ticket = _store_ticket(self, request)
    logging.getLogger("web2py").error("ticket %s\n%s", ticket, self.traceback)
    return ticket


RestrictedError.log = _log_ticket
