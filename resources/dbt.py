"""dbt as a Dagster resource, pointed at the warehouse the rest of the run writes.

The dbt project (``dbt_project/``) is described once, as a cached ``DbtProject`` whose manifest is
parsed when missing or older than the project's files: a fresh clone has no ``target/manifest.json``
(it is not committed), and Dagster needs one to define the assets.

``WarehouseResource`` is the one place the warehouse is configured. dbt's ``profiles.yml`` reads its
values from environment variables, which the resource below sets from ``WarehouseResource`` for
each dbt invocation only; they never appear in a command line, so they stay out of run logs (the
password goes through a ``DBT_ENV_SECRET_`` variable, which dbt also scrubs from its own logs).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache, cached_property
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

from dagster._utils import run_with_concurrent_update_guard
from dagster_dbt import DbtCliInvocation, DbtCliResource, DbtProject
from packaging.version import Version
from psycopg.conninfo import conninfo_to_dict

from resources.warehouse import WarehouseResource

DBT_PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"
# The dbt beside the running interpreter: the virtualenv's bin is often not on PATH (`make test`
# runs .venv/bin/pytest), and a dbt found elsewhere could be another version.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")
_SKIPPED_WHEN_STALE_CHECKED = {"target", "logs", "dbt_packages"}
_ENVIRON_LOCK = threading.Lock()


def profile_env(warehouse: WarehouseResource) -> dict[str, str]:
    """The environment ``dbt_project/profiles.yml`` and the sources read, from the warehouse settings.

    One dataset prefix names both the raw schemas dbt reads (``<prefix>raw_<source>``) and the
    schemas it writes (``<prefix>staging``...), so side-by-side runs on one database never meet. The
    marts go to ``warehouse.marts_build_schema`` (on DuckDB in the file ``warehouse.marts_path``),
    which BI does not read until they are published.
    """
    env = {
        "ABE_HUB_DATASET_PREFIX": warehouse.dataset_prefix,
        "ABE_HUB_MARTS_BUILD_SUFFIX": warehouse.marts_build_suffix,
    }
    if not warehouse.postgres_dsn:
        return env | {
            "ABE_HUB_DBT_TARGET": "duckdb",
            "ABE_HUB_DUCKDB_PATH": str(Path(warehouse.duckdb_path).resolve()),
            "ABE_HUB_MARTS_PATH": str(Path(warehouse.marts_path).resolve()),
        }
    dsn = conninfo_to_dict(warehouse.postgres_dsn)
    return env | {
        "ABE_HUB_DBT_TARGET": "postgres",
        "ABE_HUB_POSTGRES_HOST": str(dsn.get("host") or "localhost"),
        "ABE_HUB_POSTGRES_PORT": str(dsn.get("port") or 5432),
        "ABE_HUB_POSTGRES_USER": str(dsn.get("user") or "postgres"),
        "ABE_HUB_POSTGRES_DATABASE": str(dsn.get("dbname") or dsn.get("user") or "postgres"),
        "ABE_HUB_POSTGRES_SSLMODE": str(dsn.get("sslmode") or "prefer"),
        "DBT_ENV_SECRET_ABE_HUB_POSTGRES_PASSWORD": str(dsn.get("password") or ""),
    }


@contextmanager
def _environ(values: Mapping[str, str]) -> Iterator[None]:
    """These variables set while the block runs, then the environment as it was.

    ``DbtCliResource`` hands dbt a copy of ``os.environ`` taken when it starts the process and offers
    no other way in; the lock keeps two threads from seeing each other's warehouse.
    """
    with _ENVIRON_LOCK:
        saved = {name: os.environ.get(name) for name in values}
        os.environ.update(values)
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


class WarehouseDbtCliResource(DbtCliResource):
    """``DbtCliResource`` whose dbt profile is the given warehouse: its DuckDB file or PostgreSQL DSN."""

    warehouse: WarehouseResource

    def cli(self, args: Sequence[str], **kwargs: Any) -> DbtCliInvocation:
        if not self.warehouse.postgres_dsn:
            kwargs.setdefault("target_path", self.duckdb_target_path)
        with _environ(profile_env(self.warehouse)):
            return super().cli(args, **kwargs)

    @property
    def duckdb_target_path(self) -> Path:
        """dbt's artifacts for this DuckDB warehouse, kept beside it from one invocation to the next.

        dbt parses the whole project again when the profile differs from its last parse's, and
        dagster-dbt starts each invocation from the parse made when the definitions loaded (with the
        default warehouse): every step on any other warehouse re-parsed, 5-9 s each. Here the last
        parse for this warehouse is at hand. Steps writing one warehouse never overlap (the
        ``warehouse`` pool), so neither do their artifacts.
        """
        warehouse = Path(self.warehouse.duckdb_path).resolve()
        return warehouse.parent / "dbt" / warehouse.stem

    @cached_property
    def _cli_version(self) -> Version:
        """The installed dbt-core's version, read locally: ``DbtCliResource`` asks ``dbt --version``,
        which also queries PyPI for the latest release, and nothing here may call out."""
        return Version(installed_version("dbt-core"))


def dbt_resource(warehouse: WarehouseResource) -> WarehouseDbtCliResource:
    """The dbt resource for a run that writes ``warehouse``; give the run this same warehouse."""
    return WarehouseDbtCliResource(project_dir=dbt_project(), warehouse=warehouse, dbt_executable=DBT_EXECUTABLE)


def _manifest_is_stale(project: DbtProject) -> bool:
    """No manifest yet, or a project file (model, YAML, macro, profile) changed after it was written."""
    if not project.manifest_path.exists():
        return True
    written = project.manifest_path.stat().st_mtime
    return any(
        path.stat().st_mtime > written
        for path in project.project_dir.rglob("*")
        if path.is_file() and not _SKIPPED_WHEN_STALE_CHECKED & set(path.relative_to(project.project_dir).parts)
    )


def _parse(project: DbtProject) -> None:
    resource = WarehouseDbtCliResource(
        project_dir=project, warehouse=WarehouseResource(), dbt_executable=DBT_EXECUTABLE
    )
    resource.cli(["parse", "--quiet"], target_path=project.target_path).wait()


@cache
def dbt_project() -> DbtProject:
    """The dbt project, with a manifest that matches its files.

    Parsing takes seconds and needs no warehouse, so it runs here, when the definitions load, instead
    of as a separate install step: a fresh clone, an edited model and ``dagster dev`` all just work.
    The guard makes concurrent loaders (pytest-xdist workers) parse once.
    """
    project = DbtProject(project_dir=DBT_PROJECT_DIR)
    if _manifest_is_stale(project):
        run_with_concurrent_update_guard(project.manifest_path, _parse, project=project)
    return project
