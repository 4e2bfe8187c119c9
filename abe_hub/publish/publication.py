"""What one publication made visible to readers: the run metadata a data engineer checks."""

from dataclasses import dataclass, field


class NothingToPublishError(RuntimeError):
    """The working marts are missing or empty: publishing them would hand readers an empty warehouse."""


@dataclass(frozen=True)
class Publication:
    """``tables`` maps each published table to its row count, in name order."""

    location: str
    tables: dict[str, int]
    seconds: float
    size_bytes: int | None = None
    # PostgreSQL: earlier builds still read by someone, left to be dropped by a later publication.
    awaiting_drop: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())
