"""The optional dense stage: supplier profiles and demands as embedding vectors, compared by cosine.

Nothing here downloads anything. The stage is used only when an ``Embedder`` is given to the ``Matcher``;
``sentence_transformer(path)`` makes one from a model directory already on disk (extra ``mcelink[dense]``).
Vectors are kept per index slot, so they follow the lexical index's incremental updates: ``sync`` embeds the
profiles of slots added since the last call (an upsert gives a profile a new slot; removed or replaced slots
are dead in ``Index.alive`` and score 0).
"""

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from mcelink.matching.index import Index, profile_fields

FORMAT_VERSION = 1


class Embedder(Protocol):
    """Texts → one L2-normalised row vector each. ``name`` identifies the model: vectors saved with one model
    are never compared with another's."""

    name: str

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


class DenseVectors:
    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.vectors: npt.NDArray[np.float32] | None = None  # one row per index slot

    @property
    def rows(self) -> int:
        return 0 if self.vectors is None else len(self.vectors)

    def sync(self, index: Index, batch: int = 256) -> int:
        """Embed the profiles of the index's slots that have no vector yet; returns how many were embedded."""
        start = self.rows
        blocks = [] if self.vectors is None else [self.vectors]
        for first in range(start, len(index.ids), batch):
            texts = []
            for slot in range(first, min(first + batch, len(index.ids))):
                profile = index.profiles.get(index.ids[slot])
                live = bool(index.alive[slot]) and profile is not None
                texts.append(" ".join(p for p in profile_fields(profile) if p) if live and profile else "")
            blocks.append(np.asarray(self.embedder.embed(texts), dtype=np.float32))
        if len(blocks) > 1 or self.vectors is None and blocks:
            self.vectors = np.vstack(blocks)  # once, not per batch: a full build would copy the matrix 400 times
        return len(index.ids) - start

    def similarities(self, index: Index, text: str) -> npt.NDArray[np.float64]:
        """Cosine of the text with every slot's profile (0 for dead slots)."""
        self.sync(index)
        if self.vectors is None or not text.strip():
            return np.zeros(len(index.ids))
        query = np.asarray(self.embedder.embed([text]), dtype=np.float32)[0]
        return (self.vectors @ query).astype(np.float64) * index.alive

    def save(self, directory: str | Path) -> None:
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        vectors = self.vectors if self.vectors is not None else np.zeros((0, 0), dtype=np.float32)
        np.save(target / "vectors.npy", vectors)
        meta = {"version": FORMAT_VERSION, "model": self.embedder.name, "rows": self.rows}
        (target / "dense.json").write_text(json.dumps(meta), encoding="utf-8")

    @classmethod
    def load(cls, directory: str | Path, embedder: Embedder) -> "DenseVectors":
        source = Path(directory)
        meta = json.loads((source / "dense.json").read_text(encoding="utf-8"))
        if meta.get("version") != FORMAT_VERSION:
            raise ValueError(f"dense vectors format {meta.get('version')} is not {FORMAT_VERSION}; rebuild them")
        if meta.get("model") != embedder.name:
            raise ValueError(f"the saved vectors were made by {meta.get('model')!r}, not {embedder.name!r}; rebuild")
        dense = cls(embedder)
        if meta["rows"]:
            dense.vectors = np.load(source / "vectors.npy")
        return dense


class MissingDenseModel(RuntimeError):
    """The dense stage was asked for, but its library or model is not installed."""


def sentence_transformer(path: str | Path) -> Embedder:
    """An embedder from a sentence-transformers model directory on disk (never fetched from a hub)."""
    model_dir = Path(path)
    if not (model_dir / "config.json").exists() and not (model_dir / "modules.json").exists():
        raise MissingDenseModel(f"No sentence-transformers model in {model_dir}: copy one there first.")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise MissingDenseModel("The dense stage needs sentence-transformers: pip install 'mcelink[dense]'.") from exc
    model: Any = SentenceTransformer(str(model_dir), local_files_only=True)

    class _Embedder:
        name = f"sentence-transformers:{model_dir.name}"

        def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
            return np.asarray(model.encode(list(texts), normalize_embeddings=True), dtype=np.float32)

    return _Embedder()


__all__ = ["DenseVectors", "Embedder", "MissingDenseModel", "sentence_transformer"]
