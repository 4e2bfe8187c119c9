"""Loading the program YAML, with errors that name the file, the setting and what was expected.

The person editing the file is a marketing-operations or data lead, not the author of the models: a
message such as ``personas[3].title_patterns[0]: not a valid regular expression`` lets them fix the
line without reading Python. Every problem pydantic finds is reported at once, not only the first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from abe_hub.program.model import Program, SettingError

DEFAULT_PROGRAM_PATH = Path(__file__).resolve().parent / "default_program.yaml"


class ProgramError(ValueError):
    """The program file is missing, not YAML, or breaks a rule; ``problems`` lists (setting, message)."""

    def __init__(self, path: Path, problems: list[tuple[str, str]]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  {setting or '(top level)'}: {message}" for setting, message in problems)
        super().__init__(f"invalid ABE program {path}:\n{lines}")


def load_program(path: str | Path | None = None) -> Program:
    """The program in ``path`` (the shipped default when None), validated; ``ProgramError`` if not valid."""
    source = Path(path) if path is not None else DEFAULT_PROGRAM_PATH
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise ProgramError(source, [("", f"cannot read the file ({error.strerror or error})")]) from error
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ProgramError(source, [("", f"not valid YAML ({where}{problem})")]) from error
    if not isinstance(document, dict):
        raise ProgramError(source, [("", f"expected a mapping of settings, got {type(document).__name__}")])
    try:
        return Program.model_validate(document)
    except ValidationError as error:
        raise ProgramError(source, [_problem(e) for e in error.errors()]) from error


def setting_path(loc: tuple[str | int, ...]) -> str:
    """``('personas', 3, 'title_patterns', 0)`` -> ``personas[3].title_patterns[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part == "[key]":
            out += " (key)"
        else:
            out += f".{part}" if out else str(part)
    return out


def _problem(error: Any) -> tuple[str, str]:
    loc = tuple(error["loc"])
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, SettingError):
        return setting_path(loc + cause.path), cause.message
    if error["type"] == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        hint = f"; expected one of: {', '.join(allowed)}" if allowed else ""
        return setting_path(loc), f"unknown setting{hint}"
    if error["type"] == "missing":
        return setting_path(loc), "required setting is missing"
    if error["type"].startswith("date"):
        return setting_path(loc), f"expected a date as YYYY-MM-DD, got {error['input']!r} ({error['msg']})"
    message = error["msg"].removeprefix("Value error, ")
    if isinstance(cause, ValueError):
        return setting_path(loc), message
    return setting_path(loc), f"{message} (got {error['input']!r})"


def _allowed_keys(loc: tuple[str | int, ...]) -> list[str]:
    """The keys the model at ``loc`` accepts, found by walking the annotations from ``Program``."""
    model: Any = Program
    for part in loc:
        if isinstance(part, int):
            continue
        field = _model_of(model).model_fields.get(str(part)) if _model_of(model) else None
        if field is None:
            return []
        model = field.annotation
    found = _model_of(model)
    return list(found.model_fields) if found else []


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``X``, ``X | None`` or ``list[X]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is not None or get_args(annotation):
        for arg in get_args(annotation):
            found = _model_of(arg)
            if found:
                return found
    return None
