"""The dense stage's mechanics, with a small embedder written for the test: words map to meaning axes, so
"gripper" and "collet" are near while sharing no letters. (No real model is available on this machine.)"""

import numpy as np
import pytest

from mcelink.matching import DenseVectors, Matcher, SupplierProfile
from mcelink.matching.dense import MissingDenseModel, sentence_transformer
from mcelink.matching.index import Index

AXES = {"collet": 0, "gripper": 0, "pick-up": 0, "콜렛": 0, "socket": 1, "소켓": 1, "paste": 2, "페이스트": 2}


class AxisEmbedder:
    name = "axes-test"

    def __init__(self):
        self.calls = 0

    def embed(self, texts):
        self.calls += len(texts)
        out = np.zeros((len(texts), 4), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                if word.strip(".,") in AXES:  # other words carry no meaning here
                    out[row, AXES[word.strip(".,")]] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


PROFILES = [
    SupplierProfile(id="a", name="A", products=("magnetic collet",)),
    SupplierProfile(id="b", name="B", products=("test socket",)),
    SupplierProfile(id="c", name="C", products=("sinter paste",)),
]


def test_a_supplier_described_in_other_words_is_found_and_says_why():
    index = Index.build(PROFILES)
    plain = Matcher(index).match("gripper for die pick-up", top=3)
    assert plain == []  # no shared word
    dense = Matcher(index, dense=DenseVectors(AxisEmbedder())).match("gripper for die pick-up", top=3)
    assert [m.supplier_id for m in dense] == ["a"]
    assert dense[0].explanation.similarity is not None and dense[0].explanation.similarity > 0.5
    assert "Similar in meaning" in dense[0].explanation.summary("en")
    assert "의미 유사도" in dense[0].explanation.summary("ko")


def test_vectors_follow_incremental_updates_and_survive_save_and_load(tmp_path):
    index = Index.build(PROFILES)
    embedder = AxisEmbedder()
    vectors = DenseVectors(embedder)
    assert vectors.sync(index) == 3 and vectors.sync(index) == 0  # nothing embedded twice
    index.upsert(SupplierProfile(id="b", name="B", products=("paste dispenser",)))
    index.remove("a")
    matcher = Matcher(index, dense=vectors)
    assert [m.supplier_id for m in matcher.match("collet gripper", top=3)] == []  # a is gone
    assert {m.supplier_id for m in matcher.match("페이스트 paste", top=3)} == {"b", "c"}
    vectors.save(tmp_path)
    loaded = DenseVectors.load(tmp_path, AxisEmbedder())
    assert loaded.rows == vectors.rows and np.allclose(loaded.vectors, vectors.vectors)
    other = AxisEmbedder()
    other.name = "another-model"
    with pytest.raises(ValueError, match="another-model"):
        DenseVectors.load(tmp_path, other)


def test_without_a_model_the_message_says_what_to_install(tmp_path):
    with pytest.raises(MissingDenseModel, match="copy one there"):
        sentence_transformer(tmp_path / "nowhere")
