"""A vocabulary: an enum's stored values, in order, with the words people read."""

from __future__ import annotations

from collections.abc import Iterator, Mapping


class Vocabulary(Mapping[str, str]):
    """Values in their display order, each with its label; read-only.

    One definition per enum: the model's CHECK constraint, the form's choices,
    import validation, the rules and every label on a page or in a PDF read it.
    """

    def __init__(self, name: str, pairs: tuple[tuple[str, str], ...]):
        self.name = name
        self._labels = dict(pairs)
        if len(self._labels) != len(pairs):
            raise ValueError(f"{name}: a value is listed twice")

    def __getitem__(self, value: str) -> str:
        return self._labels[value]

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)

    def __repr__(self) -> str:
        return f"Vocabulary({self.name!r}, {tuple(self._labels)!r})"

    def label(self, value: str | None, default: str = "") -> str:
        """The words for a value; `default` for None or an unknown value."""
        return self._labels.get(value, default) if value is not None else default

    def choices(self) -> list[tuple[str, str]]:
        """(value, label) pairs for a form's select or radio field."""
        return list(self._labels.items())

    def check(self, value: str) -> str:
        """The value itself, or ValueError naming the vocabulary."""
        if value not in self._labels:
            raise ValueError(f"Unknown {self.name}: {value!r}")
        return value
