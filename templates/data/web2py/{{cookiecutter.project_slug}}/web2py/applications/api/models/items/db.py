# The database and its table, for the items controller: web2py runs the models in models/items/
# before each of its actions only (a conditional model: the other routes never connect), with
# request, DAL and Field already defined (hence the noqa below). The connection comes from the
# process's pool, and web2py commits when the action returns (rolls back when it fails).
# ruff: noqa: F821
from pydal.migrator import InDBMigrator

from {{ cookiecutter.package_name }}.database import dal_uri

db = DAL(
    dal_uri(),
    # Connections kept per process for the server's threads (SQLite connects on each request).
    pool_size=10,
    # Tables are created and altered by `python -m {{ cookiecutter.package_name }}.migrate` only, never by requests.
    migrate_enabled=bool(request.is_migration),
    # The DAL's record of each table (its .table files) is kept in the database itself (the
    # web2py_filesystem table), not in the image, whose files are read-only: every replica,
    # migration Job and laptop reads the same record.
    adapter_args={"migrator": InDBMigrator},
    # A password in DATABASE_URL may be percent-encoded, as in any URL.
    decode_credentials=True,
)

# db.item is the table "items" (the DAL takes no table named as one of its own attributes, and
# db.items is one). Its record is named, not derived from the connection string: a migration from
# another host or with another password finds it.
db.define_table("item", Field("name", "string", length=200, notnull=True), rname="items", migrate="items.table")
