"""Text → ranked HS/HSK codes, in Korean or English, explained.

Each 10-digit HSK code is a document: its own Korean and English names (field "name"), the names of its
ancestors down from the heading (field "products" — the context that makes "Other" meaningful), and its
chapter's name (field "description"). Scores of 10-digit codes are rolled up the hierarchy (a subheading or
heading scores as its best code), so callers get chapter → heading → subheading → 10-digit answers.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mcelink.matching.bridge import Bridge
from mcelink.matching.engine import Matcher
from mcelink.matching.index import Index
from mcelink.matching.types import Explanation, SupplierProfile


@dataclass(frozen=True)
class CodeScore:
    code: str
    score: float
    name_ko: str = ""
    name_en: str = ""
    explanation: Explanation = Explanation()


@dataclass(frozen=True)
class Classification:
    codes: tuple[CodeScore, ...]  # 10-digit codes, best first
    subheadings: tuple[CodeScore, ...]  # 6 digits
    headings: tuple[CodeScore, ...]  # 4 digits


class Classifier:
    def __init__(self, entries: Iterable[tuple[str, str, str]], bridge: Bridge | None = None) -> None:
        """``entries``: (code, Korean name, English name) of the nomenclature, any depth (4 to 10 digits)."""
        names = {code: (ko, en) for code, ko, en in entries}
        self.names = names
        self.matcher = Matcher.build(self._documents(names), bridge)

    @staticmethod
    def _documents(names: dict[str, tuple[str, str]]) -> list[SupplierProfile]:
        documents = []
        for code, (ko, en) in names.items():
            if len(code) != 10:
                continue
            ancestors = [names[code[:n]] for n in (4, 5, 6, 7, 8, 9) if code[:n] in names]
            documents.append(
                SupplierProfile(
                    id=code,
                    name=ko,
                    name_en=en,
                    products=tuple(part for pair in ancestors for part in pair if part),
                    description=" ".join(names.get(code[:2], ("", ""))),
                )
            )
        return documents

    def save(self, directory: str | Path) -> None:
        directory = Path(directory)
        self.matcher.index.save(directory)
        (directory / "names.json").write_text(json.dumps(self.names, ensure_ascii=False))

    @classmethod
    def load(cls, directory: str | Path, bridge: Bridge | None = None) -> "Classifier":
        directory = Path(directory)
        classifier = cls.__new__(cls)
        classifier.names = {
            code: (ko, en) for code, (ko, en) in json.loads((directory / "names.json").read_text()).items()
        }
        classifier.matcher = Matcher(Index.load(directory), bridge)
        return classifier

    def classify(self, text: str, top: int = 10) -> Classification:
        matches = self.matcher.match(text, top=max(top * 5, 50))
        codes = tuple(
            CodeScore(m.supplier_id, m.score, *self.names.get(m.supplier_id, ("", "")), explanation=m.explanation)
            for m in matches
        )
        return Classification(
            codes=codes[:top], subheadings=self._roll_up(codes, 6)[:top], headings=self._roll_up(codes, 4)[:top]
        )

    def _roll_up(self, codes: tuple[CodeScore, ...], digits: int) -> tuple[CodeScore, ...]:
        best: dict[str, CodeScore] = {}
        for c in codes:  # codes arrive best first, so the first code seen under a prefix is its best
            prefix = c.code[:digits]
            if prefix not in best:
                best[prefix] = CodeScore(prefix, c.score, *self.names.get(prefix, ("", "")), explanation=c.explanation)
        return tuple(best.values())


def default_classifier() -> Classifier:
    from mcelink.data import hsk_entries

    return Classifier((e.code, e.name_ko, e.name_en) for e in hsk_entries())
