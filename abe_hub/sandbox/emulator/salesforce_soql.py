"""The part of SOQL a sync sends, parsed and translated to SQL over the world's ``records`` table.

Supported: ``SELECT f, ... FROM Obj [WHERE cond] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], ...]
[LIMIT n]`` with AND / OR / NOT, parentheses, ``= != <> < <= > >= LIKE IN NOT IN`` and datetime,
date, string, number, boolean and null literals. Anything else is rejected with Salesforce's own
MALFORMED_QUERY error, so a connector that drifts from what we emulate fails loudly, not silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from abe_hub.sandbox.clock import salesforce_datetime

# Fields held in indexed columns: comparing them never touches the JSON body.
COLUMNS = {"id": "id", "systemmodstamp": "modified_ms", "createddate": "created_ms", "isdeleted": "deleted"}
_TIME_COLUMNS = {"modified_ms", "created_ms"}

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))
      | (?P<date>\d{4}-\d{2}-\d{2})
      | (?P<number>-?\d+(?:\.\d+)?)
      | '(?P<string>(?:[^'\\]|\\.)*)'
      | (?P<op><=|>=|!=|<>|=|<|>|\(|\)|,)
      | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {
    "select",
    "from",
    "where",
    "and",
    "or",
    "not",
    "in",
    "like",
    "order",
    "by",
    "asc",
    "desc",
    "nulls",
    "first",
    "last",
    "limit",
    "offset",
    "true",
    "false",
    "null",
}


class SoqlError(ValueError):
    """A query we cannot answer; ``code`` is the Salesforce errorCode to send back."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Literal:
    kind: str
    value: Any


@dataclass
class Query:
    fields: list[str]
    sobject: str
    where: Any = None
    order: list[tuple[str, bool, str | None]] = field(default_factory=list)
    limit: int | None = None


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise SoqlError("MALFORMED_QUERY", f"unexpected token at: '{text[pos : pos + 20]}'")
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "word" and value.lower() in _KEYWORDS:
            kind, value = "kw", value.lower()
        out.append((kind, value))
        pos = match.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0

    def peek(self, kind: str | None = None, value: str | None = None) -> bool:
        if self.i >= len(self.toks):
            return False
        k, v = self.toks[self.i]
        return (kind is None or k == kind) and (value is None or v == value)

    def take(self, kind: str, value: str | None = None) -> str:
        if not self.peek(kind, value):
            found = self.toks[self.i][1] if self.i < len(self.toks) else "end of query"
            raise SoqlError("MALFORMED_QUERY", f"expecting {value or kind}, found '{found}'")
        self.i += 1
        return self.toks[self.i - 1][1]

    def query(self) -> Query:
        self.take("kw", "select")
        fields = [self.field()]
        while self.peek("op", ","):
            self.take("op")
            fields.append(self.field())
        self.take("kw", "from")
        query = Query(fields, self.take("word"))
        if self.peek("kw", "where"):
            self.take("kw")
            query.where = self.disjunction()
        if self.peek("kw", "order"):
            self.take("kw")
            self.take("kw", "by")
            query.order.append(self.order_item())
            while self.peek("op", ","):
                self.take("op")
                query.order.append(self.order_item())
        if self.peek("kw", "limit"):
            self.take("kw")
            limit = self.take("number")
            if not limit.isdigit():
                raise SoqlError("MALFORMED_QUERY", f"LIMIT must be a non-negative integer, found '{limit}'")
            query.limit = int(limit)
        if self.i != len(self.toks):
            raise SoqlError("MALFORMED_QUERY", f"unexpected token: '{self.toks[self.i][1]}'")
        return query

    def field(self) -> str:
        name = self.take("word")
        if "." in name or self.peek("op", "("):
            raise SoqlError("MALFORMED_QUERY", f"relationship and aggregate fields are not supported: {name}")
        return name

    def order_item(self) -> tuple[str, bool, str | None]:
        name, descending, nulls = self.field(), False, None
        if self.peek("kw", "asc") or self.peek("kw", "desc"):
            descending = self.take("kw") == "desc"
        if self.peek("kw", "nulls"):
            self.take("kw")
            nulls = self.take("kw")
        return name, descending, nulls

    def disjunction(self) -> Any:
        node = self.conjunction()
        while self.peek("kw", "or"):
            self.take("kw")
            node = ("or", node, self.conjunction())
        return node

    def conjunction(self) -> Any:
        node = self.factor()
        while self.peek("kw", "and"):
            self.take("kw")
            node = ("and", node, self.factor())
        return node

    def factor(self) -> Any:
        if self.peek("kw", "not"):
            self.take("kw")
            return ("not", self.factor())
        if self.peek("op", "("):
            self.take("op")
            node = self.disjunction()
            self.take("op", ")")
            return node
        name = self.field()
        if self.peek("kw", "not") or self.peek("kw", "in"):
            negated = self.peek("kw", "not")
            if negated:
                self.take("kw")
            self.take("kw", "in")
            self.take("op", "(")
            values = [self.literal()]
            while self.peek("op", ","):
                self.take("op")
                values.append(self.literal())
            self.take("op", ")")
            return ("not in" if negated else "in", name, values)
        if self.peek("kw", "like"):
            self.take("kw")
            return ("like", name, self.literal())
        op = self.take("op")
        if op not in ("=", "!=", "<>", "<", "<=", ">", ">="):
            raise SoqlError("MALFORMED_QUERY", f"unexpected operator '{op}'")
        return ("!=" if op == "<>" else op, name, self.literal())

    def literal(self) -> Literal:
        if self.i >= len(self.toks):
            raise SoqlError("MALFORMED_QUERY", "expecting a value, found end of query")
        kind, value = self.toks[self.i]
        self.i += 1
        if kind == "datetime":
            return Literal("datetime", _epoch_ms(value))
        if kind == "date":
            try:
                date.fromisoformat(value)
            except ValueError:
                raise SoqlError("MALFORMED_QUERY", f"invalid date: {value}") from None
            return Literal("date", value)
        if kind == "number":
            return Literal("number", float(value) if "." in value else int(value))
        if kind == "string":
            return Literal("string", re.sub(r"\\(.)", r"\1", value))
        if kind == "kw" and value in ("true", "false"):
            return Literal("boolean", value == "true")
        if kind == "kw" and value == "null":
            return Literal("null", None)
        raise SoqlError("MALFORMED_QUERY", f"expecting a value, found '{value}'")


def _epoch_ms(text: str) -> int:
    iso = text.replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", iso):
        iso = f"{iso[:-2]}:{iso[-2:]}"
    try:
        return int(datetime.fromisoformat(iso).astimezone(UTC).timestamp() * 1000)
    except ValueError:
        raise SoqlError("MALFORMED_QUERY", f"invalid datetime: {text}") from None


def parse(text: str) -> Query:
    return _Parser(text).query()


class Translator:
    """Turns a parsed query into SQL, resolving field names against the object's describe."""

    def __init__(self, sobject: str, field_names: list[str]) -> None:
        self.sobject = sobject
        self.canonical = {name.lower(): name for name in field_names}

    def name(self, text: str) -> str:
        try:
            return self.canonical[text.lower()]
        except KeyError:
            raise SoqlError(
                "INVALID_FIELD",
                f"No such column '{text}' on entity '{self.sobject}'. If you are attempting to use a custom field, "
                "be sure to append the '__c' after the custom field name.",
            ) from None

    def column(self, text: str) -> str:
        name = self.name(text)
        return COLUMNS.get(name.lower(), f"json_extract(body, '$.{name}')")

    def value(self, column: str, literal: Literal) -> Any:
        if column in _TIME_COLUMNS:
            if literal.kind == "datetime":
                return literal.value
            if literal.kind == "date":
                return int(
                    datetime.combine(date.fromisoformat(literal.value), datetime.min.time(), UTC).timestamp() * 1000
                )
        if literal.kind == "datetime":
            return salesforce_datetime(literal.value)
        if literal.kind == "boolean":
            return int(literal.value)
        return literal.value

    def where(self, node: Any, params: list[Any]) -> str:
        op = node[0]
        if op in ("and", "or"):
            return f"({self.where(node[1], params)} {op.upper()} {self.where(node[2], params)})"
        if op == "not":
            return f"(NOT {self.where(node[1], params)})"
        column = self.column(node[1])
        if op in ("in", "not in"):
            params.extend(self.value(column, v) for v in node[2])
            return f"{column} {op.upper()} ({', '.join('?' * len(node[2]))})"
        literal: Literal = node[2]
        if literal.kind == "null":
            return f"{column} IS {'NOT ' if op == '!=' else ''}NULL"
        params.append(self.value(column, literal))
        if op == "like":
            return f"{column} LIKE ?"
        return f"{column} {op} ?"
