"""The matching engine: framework-free (no Django import; an import-linter contract checks it).

from mcelink.matching import Matcher, SupplierProfile
matcher = Matcher.build([SupplierProfile(id="1", name="마그트론", products=("마그네틱 콜렛",))])
matcher.match("magnet collet", top=10)
default_classifier().classify("마그네틱 콜렛")   # HS/HSK codes, chapter → 10 digits, with explanations
"""

from mcelink.matching.analysis import analyze
from mcelink.matching.bridge import Bridge, default_bridge
from mcelink.matching.classify import (
    Classification,
    Classifier,
    ClassifierInferrer,
    CodeScore,
    StrategicTechnologyEntry,
    TechnologyClassifier,
    default_classifier,
)
from mcelink.matching.dense import DenseVectors, Embedder
from mcelink.matching.engine import ConceptInferrer, Matcher, match_demands
from mcelink.matching.index import Index
from mcelink.matching.types import Demand, DemandMatch, Explanation, Feedback, Match, SupplierProfile, TermMatch

__all__ = [
    "Bridge",
    "Classification",
    "Classifier",
    "ClassifierInferrer",
    "CodeScore",
    "ConceptInferrer",
    "Demand",
    "DemandMatch",
    "DenseVectors",
    "Embedder",
    "Explanation",
    "Feedback",
    "Index",
    "Match",
    "Matcher",
    "StrategicTechnologyEntry",
    "SupplierProfile",
    "TechnologyClassifier",
    "TermMatch",
    "analyze",
    "default_bridge",
    "default_classifier",
    "match_demands",
]
