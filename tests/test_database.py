"""The --database answer without installing anything: what it adds, what `none` leaves as it was,
who refuses it and why, and that the exported template bakes the same files through cookiecutter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator import matrix, schema
from generator.matrix import Database
from generator.names import InvalidName, project_names

from .conftest import bake, run_cli

DATA_FRAMEWORKS = [fw.key for fw in matrix.FRAMEWORKS if fw.data]
CASES = [(fw, db) for fw in DATA_FRAMEWORKS for db in ("sqlite", "postgres")]
#: What each data layer adds to a project (the package is "same"), whichever framework and database.
DATA_FILES = {
    "sqlalchemy": ("alembic.ini", "migrations/env.py", "migrations/versions/0001_create_items.py",
                   "tests/data/conftest.py", "tests/data/test_items.py"),
    "django-orm": ("same/api/models.py", "same/api/migrations/0001_initial.py", "same/api/items.py",
                   "same/api/admin.py", "tests/data/conftest.py", "tests/data/test_items.py",
                   "tests/data/test_admin.py"),
}
DATA_FILES["sqlalchemy-async"] = DATA_FILES["sqlalchemy"]
DATA_FILES["web2py-dal"] = ("same/database.py", "same/migrate.py", "web2py/applications/api/models/items/db.py",
                            "web2py/applications/api/controllers/items.py", "tests/data/conftest.py",
                            "tests/data/test_items.py")


def _files(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in project.rglob("*") if p.is_file()}


def _new(tmp_path: Path, *flags: str) -> Path:
    # Without the lock: it comes from the index (generator/lock.py), and cookiecutter renders none.
    made = run_cli("new", "--no-input", "--no-lock", *flags, "--name", "Same", "-o", tmp_path)
    assert made.returncode == 0, made.stderr
    return tmp_path / "same"


@pytest.mark.parametrize("framework", DATA_FRAMEWORKS)
def test_none_is_the_project_without_a_data_layer(tmp_path: Path, framework: str) -> None:
    """--database none has no data files; leaving the answer out is its declared default."""
    given = _files(_new(tmp_path / "given", "--framework", framework, "--database", "none"))
    assert not any(path in given for files in DATA_FILES.values() for path in files)
    assert not any(name in given["pyproject.toml"].decode() for name in ("sqlalchemy", "dj-database-url", "psycopg"))
    default = schema.DATABASE_DEFAULT.value
    left_out = _files(_new(tmp_path / "left-out", "--framework", framework))
    assert left_out == _files(_new(tmp_path / "default", "--framework", framework, "--database", default))
    # The record has the line only away from none: a record without it (made before SQLite was the
    # default) replays as none.
    assert "database" not in yaml.safe_load(given[".sgi-scaffold.yml"])
    assert yaml.safe_load(left_out[".sgi-scaffold.yml"])["database"] == default


#: Each case on each interface its framework has (Django's ORM serves both: sync and async views).
INTERFACE_CASES = [(fw, db, iface.value) for fw, db in CASES for iface in sorted(matrix.framework(fw).interfaces)]


@pytest.mark.parametrize(("framework", "database", "interface"), INTERFACE_CASES,
                         ids=[f"{fw}-{db}-{iface}" for fw, db, iface in INTERFACE_CASES])
def test_the_layer_matches_the_interface(tmp_path: Path, framework: str, database: str, interface: str) -> None:
    fw = matrix.framework(framework)
    layer = fw.data_layer(interface)
    assert layer is not None and layer.interface in (None, matrix.Interface(interface))
    project = _new(tmp_path, "--framework", framework, "--database", database, "--interface", interface)
    files = _files(project)
    assert all(path in files for path in DATA_FILES[layer.key])
    pyproject = files["pyproject.toml"].decode()
    assert all(dep in pyproject for dep in layer.dependencies[Database(database)])
    if layer.key == "django-orm":
        # On ASGI the views await the ORM's async API; on WSGI they call its sync one.
        assert ("await Item.objects.acreate" in files["same/api/items.py"].decode()) == (interface == "asgi")
    elif layer.key == "web2py-dal":
        # The requests never migrate; the migration runs the items controller's model with migrations on.
        model = files["web2py/applications/api/models/items/db.py"].decode()
        assert "migrate_enabled=bool(request.is_migration)" in model
        assert '("/items", "/api/items/index")' in files["web2py/routes.py"].decode()
    else:
        env = files["migrations/env.py"].decode()
        assert ("create_async_engine" in env) == (interface == "asgi")
    compose = yaml.safe_load(files["compose.yaml"])
    services = compose["services"]
    assert services["web"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert services["migrate"]["command"] == layer.migrate_command("same").split()
    assert ("db" in services) == (database == "postgres")
    if database == "postgres":
        assert services["db"]["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
        assert services["web"]["environment"]["DATABASE_URL"] == services["migrate"]["environment"]["DATABASE_URL"]
    assert yaml.safe_load(files[".sgi-scaffold.yml"])["database"] == database


@pytest.mark.parametrize("framework", ["django", "channels"])
def test_django_with_a_database_gets_what_startproject_gives(tmp_path: Path, framework: str) -> None:
    """The admin, users and sessions, served with their CSS (WhiteNoise, Channels' too), and the origin
    the browser posts the login form from trusted where a proxy changes it. Its own tests log in."""
    project = _new(tmp_path, "--framework", framework, "--database", "postgres", "--kubernetes")
    settings = (project / "same" / "settings.py").read_text()
    for app in ("admin", "auth", "contenttypes", "sessions", "messages", "staticfiles"):
        assert f'"django.contrib.{app}",' in settings
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings
    assert 'path("admin/", admin.site.urls)' in (project / "same" / "urls.py").read_text()
    assert "RUN python manage.py collectstatic --noinput" in (project / "Dockerfile").read_text()
    assert "whitenoise" in (project / "pyproject.toml").read_text()
    web = yaml.safe_load((project / "compose.yaml").read_text())["services"]["web"]
    assert web["environment"]["DJANGO_CSRF_TRUSTED_ORIGINS"].startswith("http://localhost:${PORT:-8000}")
    pod = yaml.safe_load((project / "k8s" / "deployment.yaml").read_text())["spec"]["template"]["spec"]
    env = {e["name"]: e.get("value") for e in pod["containers"][0]["env"]}
    assert env["DJANGO_CSRF_TRUSTED_ORIGINS"] == "https://same.example.com"
    assert "createsuperuser" in (project / "README.md").read_text()


def test_every_framework_stores_data_on_each_of_its_interfaces() -> None:
    for fw in matrix.FRAMEWORKS:
        assert set(fw.data_layers) == set(fw.interfaces), fw.key


def test_sqlite_is_refused_on_kubernetes() -> None:
    refused = run_cli("new", "--no-input", "--database", "sqlite", "--kubernetes", "--dry-run")
    assert refused.returncode == 2 and "--database postgres" in refused.stderr
    assert refused.stderr.count("\n") == 1


@pytest.mark.parametrize(("flags", "database"), [
    ((), "sqlite"), (("--kubernetes",), "postgres"), (("--framework", "fastapi", "--kubernetes"), "postgres"),
])
def test_the_default_is_sqlite_or_postgresql_with_kubernetes(tmp_path: Path, flags: tuple[str, ...],
                                                             database: str) -> None:
    """Left out, --database is SQLite, or PostgreSQL where Kubernetes pods could not share a SQLite file."""
    record = yaml.safe_load((_new(tmp_path, *flags) / ".sgi-scaffold.yml").read_text())
    assert record["database"] == database


def test_a_record_made_before_sqlite_was_the_default_replays_as_none(tmp_path: Path) -> None:
    """A project's .sgi-scaffold.yml without a database line was made with none: it stays so."""
    project = _new(tmp_path / "first", "--framework", "fastapi", "--database", "none")
    record = project / ".sgi-scaffold.yml"
    assert "database" not in yaml.safe_load(record.read_text())
    again = run_cli("new", "--answers", record, "--no-lock", "-o", tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert _files(tmp_path / "again" / "same") == _files(project)


@pytest.mark.parametrize("framework", ["fastapi", "channels", "web2py"])
def test_kubernetes_migrates_in_a_job_with_the_url_from_a_secret(tmp_path: Path, framework: str) -> None:
    project = _new(tmp_path, "--framework", framework, "--database", "postgres", "--kubernetes")
    job = yaml.safe_load((project / "k8s" / "migrate" / "job.yaml").read_text())
    deployment = yaml.safe_load((project / "k8s" / "deployment.yaml").read_text())
    for pod in (job["spec"]["template"]["spec"], deployment["spec"]["template"]["spec"]):
        env = {e["name"]: e for e in pod["containers"][0]["env"]}
        assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {"name": "same-database", "key": "DATABASE_URL"}
    fw = matrix.framework(framework)
    layer = fw.data_layer(next(iter(fw.interfaces)))
    assert layer is not None
    assert job["spec"]["template"]["spec"]["containers"][0]["command"] == layer.migrate_command("same").split()
    policy = yaml.safe_load((project / "k8s" / "networkpolicy.yaml").read_text())
    assert {"port": 5432, "protocol": "TCP"} in [port for rule in policy["spec"]["egress"] for port in rule["ports"]]


@pytest.mark.parametrize(("framework", "database"), CASES, ids=[f"{fw}-{db}" for fw, db in CASES])
def test_new_matches_plain_cookiecutter(cookies, tmp_path: Path, framework: str, database: str) -> None:
    flags = ("--framework", framework, "--database", database)
    exported = tmp_path / "exported"
    result = run_cli("template", "--no-input", *flags, "--name", "Same", "-o", exported)
    assert result.returncode == 0, result.stderr
    plain = bake(cookies, exported, project_name="Same")
    assert plain.exit_code == 0, plain.exception
    assert _files(_new(tmp_path / "new", *flags)) == _files(plain.project_path)


def test_no_project_takes_the_name_of_a_data_layers_package() -> None:
    """A project named sqlalchemy (or alembic, psycopg2, ...) would shadow the package its data layer imports."""
    packages = {re.split(r"[\[<>=]", dep)[0] for layer in matrix.DATA_LAYERS
                for deps in (*layer.dependencies.values(), layer.dev_dependencies) for dep in deps}
    expected = {"sqlalchemy", "alembic", "psycopg", "asyncpg", "aiosqlite", "dj-database-url", "psycopg2-binary"}
    assert expected <= packages
    for package in packages:
        with pytest.raises(InvalidName, match="would shadow"):
            project_names(package)
    # And what they import under names of their own (psycopg2-binary is psycopg2; SQLAlchemy brings Mako and greenlet).
    for imported in ("psycopg2", "mako", "greenlet", "pydal"):
        with pytest.raises(InvalidName, match="would shadow"):
            project_names(imported)
