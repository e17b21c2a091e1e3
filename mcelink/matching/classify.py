"""Text → ranked HS/HSK codes and strategic technologies, in Korean or English, explained.

Each 10-digit HSK code is a document: its own Korean and English names (field "name"), the names of its
ancestors down from the heading (field "products" — the context that makes "Other" meaningful), and its
chapter's name (field "description"). Scores of 10-digit codes are rolled up the hierarchy (a subheading or
heading scores as its best code), so callers get chapter → heading → subheading → 10-digit answers.

Each strategic technology is a document too: its names (field "name") and its description and industry (field
"description"), over the same analysis and Korean ↔ English bridge. The list is plain data
(``StrategicTechnologyEntry``); the engine never reads it from a database.

``ClassifierInferrer`` turns the two rankings into concepts for matching (``engine.ConceptInferrer``), keeping
only confident answers: see ``INFER_RATIO``.
"""

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from mcelink.matching.bridge import Bridge
from mcelink.matching.engine import Matcher
from mcelink.matching.index import Index
from mcelink.matching.types import Explanation, SupplierProfile

TECHNOLOGIES_DIR = "technologies"  # where a Classifier saves its strategic technologies, inside its directory

# An inference is kept only when the best answer scores at least INFER_RATIO times the runner-up (BM25F scores
# have no fixed range; a ratio does not depend on the query's length). See ``ClassifierInferrer``. On the
# synthetic demands, a top strategic technology kept at 1.5 is right 77% of the time (57% of demands get one);
# at 1.0 (always the top one) 66%.
INFER_RATIO = 1.5
INFER_CANDIDATES = 50  # 10-digit codes looked at to roll scores up to subheadings and headings


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
    technologies: tuple[CodeScore, ...] = ()  # strategic technologies, best first (when the classifier has a list)


@dataclass(frozen=True)
class StrategicTechnologyEntry:
    """One strategic technology of the list, as plain data."""

    code: str  # "SEMI-09"
    name_ko: str
    name_en: str = ""
    description_ko: str = ""
    description_en: str = ""
    industry: str = ""  # the industry's names ("반도체 Semiconductor"): context, as a chapter is for an HS code


class TechnologyClassifier:
    """Text → ranked strategic technologies, over a small index of the list's names and descriptions."""

    def __init__(self, entries: Iterable[StrategicTechnologyEntry], bridge: Bridge | None = None) -> None:
        self.entries: dict[str, StrategicTechnologyEntry] = {}
        for entry in entries:
            if entry.code in self.entries:
                raise ValueError(f"duplicate strategic technology code {entry.code!r}")
            self.entries[entry.code] = entry
        self.matcher = Matcher.build(map(self._document, self.entries.values()), bridge)

    @staticmethod
    def _document(entry: StrategicTechnologyEntry) -> SupplierProfile:
        return SupplierProfile(
            id=entry.code,
            name=entry.name_ko,
            name_en=entry.name_en,
            description=" ".join(x for x in (entry.description_ko, entry.industry) if x),
            description_en=entry.description_en,
        )

    def __len__(self) -> int:
        return len(self.entries)

    def classify(self, text: str, top: int = 10) -> tuple[CodeScore, ...]:
        return tuple(
            CodeScore(m.supplier_id, m.score, *self._names(m.supplier_id), explanation=m.explanation)
            for m in self.matcher.match(text, top=top)
        )

    def _names(self, code: str) -> tuple[str, str]:
        entry = self.entries.get(code)
        return (entry.name_ko, entry.name_en) if entry else ("", "")

    def save(self, directory: str | Path) -> None:
        directory = Path(directory)
        self.matcher.index.save(directory, bridge=self.matcher.bridge)
        entries = [asdict(e) for e in self.entries.values()]
        (directory / "technologies.json").write_text(json.dumps(entries, ensure_ascii=False))

    @classmethod
    def load(cls, directory: str | Path, bridge: Bridge | None = None) -> "TechnologyClassifier":
        directory = Path(directory)
        classifier = cls.__new__(cls)
        entries = json.loads((directory / "technologies.json").read_text())
        classifier.entries = {e["code"]: StrategicTechnologyEntry(**e) for e in entries}
        classifier.matcher = Matcher(Index.load(directory), bridge)
        return classifier


class Classifier:
    def __init__(
        self,
        entries: Iterable[tuple[str, str, str]],
        bridge: Bridge | None = None,
        technologies: Iterable[StrategicTechnologyEntry] = (),
    ) -> None:
        """``entries``: (code, Korean name, English name) of the nomenclature, any depth (4 to 10 digits).
        ``technologies``: the strategic technology list, if text should be classified into it too."""
        names = {code: (ko, en) for code, ko, en in entries}
        self.names = names
        self.matcher = Matcher.build(self._documents(names), bridge)
        listed = tuple(technologies)
        self.technologies: TechnologyClassifier | None = TechnologyClassifier(listed, bridge) if listed else None

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
        """The HS index in ``directory`` (as before), the strategic technologies, if any, in a subdirectory."""
        directory = Path(directory)
        self.matcher.index.save(directory, bridge=self.matcher.bridge)
        (directory / "names.json").write_text(json.dumps(self.names, ensure_ascii=False))
        if self.technologies is not None:
            self.technologies.save(directory / TECHNOLOGIES_DIR)

    @classmethod
    def load(cls, directory: str | Path, bridge: Bridge | None = None) -> "Classifier":
        directory = Path(directory)
        classifier = cls.__new__(cls)
        classifier.names = {
            code: (ko, en) for code, (ko, en) in json.loads((directory / "names.json").read_text()).items()
        }
        classifier.matcher = Matcher(Index.load(directory), bridge)
        technologies = directory / TECHNOLOGIES_DIR
        classifier.technologies = (
            TechnologyClassifier.load(technologies, bridge) if (technologies / "index.json").exists() else None
        )
        return classifier

    def classify(self, text: str, top: int = 10) -> Classification:
        matches = self.matcher.match(text, top=max(top * 5, INFER_CANDIDATES))
        codes = tuple(
            CodeScore(m.supplier_id, m.score, *self.names.get(m.supplier_id, ("", "")), explanation=m.explanation)
            for m in matches
        )
        return Classification(
            codes=codes[:top],
            subheadings=self._roll_up(codes, 6)[:top],
            headings=self._roll_up(codes, 4)[:top],
            technologies=self.technologies.classify(text, top) if self.technologies is not None else (),
        )

    def _roll_up(self, codes: tuple[CodeScore, ...], digits: int) -> tuple[CodeScore, ...]:
        best: dict[str, CodeScore] = {}
        for c in codes:  # codes arrive best first, so the first code seen under a prefix is its best
            prefix = c.code[:digits]
            if prefix not in best:
                best[prefix] = CodeScore(prefix, c.score, *self.names.get(prefix, ("", "")), explanation=c.explanation)
        return tuple(best.values())


class ClassifierInferrer:
    """``engine.ConceptInferrer`` over the two classifiers: the HS code and the strategic technology a text is
    confidently about, for matching a demand that gives none.

    Rule: the best answer must score at least ``ratio`` times the runner-up (BM25F scores have no fixed range;
    a ratio does not depend on the text's length). For HS codes it is tried on subheadings (6 digits), then on
    headings (4 digits): a text may name a class of goods clearly and the subheading within it less so, and a
    heading agrees only at 0.6 in matching. A near-tie says the text fits several classes equally, and a wrong
    concept lifts the wrong suppliers, so nothing is inferred then. Either classifier may be left out (None).
    Only scores are computed, no explanations: well under a millisecond per text over the HSK nomenclature.
    """

    def __init__(
        self,
        hs: Classifier | None = None,
        technologies: TechnologyClassifier | None = None,
        ratio: float = INFER_RATIO,
    ) -> None:
        self.hs = hs
        self.technologies = technologies
        self.ratio = ratio

    def infer(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        hs: tuple[str, ...] = ()
        if self.hs is not None:
            ranked = _top(self.hs.matcher, text, INFER_CANDIDATES)
            for digits in (6, 4):
                rolled: dict[str, float] = {}
                for code, score in ranked:  # best first: the first code under a prefix is its best
                    rolled.setdefault(code[:digits], score)
                if (confident := self._confident(list(rolled.items()))) is not None:
                    hs = (confident,)
                    break
        tech: tuple[str, ...] = ()
        if self.technologies is not None:
            if (confident := self._confident(_top(self.technologies.matcher, text, 2))) is not None:
                tech = (confident,)
        return hs, tech

    def _confident(self, ranked: list[tuple[str, float]]) -> str | None:
        """The best code when it scores at least ``ratio`` times the runner-up (or has none), else None."""
        if not ranked:
            return None
        if len(ranked) == 1 or ranked[0][1] >= self.ratio * ranked[1][1]:
            return ranked[0][0]
        return None


def _top(matcher: Matcher, text: str, k: int) -> list[tuple[str, float]]:
    """The ``k`` best documents for ``text`` by BM25F score alone (ties by id), without explanations."""
    weights = {term: weight for term, (weight, _via) in matcher.query_terms(text).items()}
    scores = matcher.index.score(weights, contributions=False).scores
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > k:
        candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
    ids = matcher.index.ids
    ranked = sorted(candidates.tolist(), key=lambda s: (-scores[s], ids[s]))
    return [(ids[s], float(scores[s])) for s in ranked]


def default_classifier(technologies: Iterable[StrategicTechnologyEntry] = ()) -> Classifier:
    from mcelink.data import hsk_entries

    return Classifier(((e.code, e.name_ko, e.name_en) for e in hsk_entries()), technologies=technologies)
