"""HS classification on the EU rulings (../shared/data/rulings): product description → HS code, in English and
in Korean (each ruling carries both), engine next to bm25s with its default tokenizer on the same documents.

    .venv/bin/python bench/eval_classify.py [../shared/data/rulings/eu_bti_rulings_2025_sample.json]

Gold codes are EU CN codes, whose first 6 digits are the HS subheading; accuracy is reported at 4 and 6 digits
(10-digit HSK and 10-digit CN codes are different nomenclatures, so 10 digits says nothing here).
"""

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bm25s  # noqa: E402

from mcelink.matching.classify import default_classifier  # noqa: E402
from mcelink.matching.evaluation import classification_accuracy  # noqa: E402
from mcelink.matching.index import profile_fields  # noqa: E402

HANGUL = re.compile(r"[\uac00-\ud7a3]")
DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared/data/rulings/eu_bti_rulings_2025_sample.json"


def split_languages(description: str) -> tuple[str, str]:
    """The rulings give the original text, its English and a Korean translation in one string."""
    first_korean = HANGUL.search(description)
    if not first_korean:
        return description, ""
    cut = description.rfind(". ", 0, first_korean.start())
    cut = cut + 1 if cut >= 0 else first_korean.start()
    return description[:cut].strip(), description[cut:].strip()


def main(path: Path) -> None:
    rulings = json.loads(path.read_text(encoding="utf-8"))
    items = []
    for r in rulings:
        english, korean = split_languages(r["description"])
        items.append((r["reference_id"], r["hs_code"], english[:2000], korean[:2000]))
    gold = {ref: code for ref, code, _e, _k in items}
    classifier = default_classifier()
    documents = classifier.matcher.index.profiles
    codes = list(documents)
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize([" ".join(profile_fields(documents[c])) for c in codes], show_progress=False),
        show_progress=False,
    )
    print(f"{len(items)} rulings; {len(codes)} HSK 10-digit documents")
    print("language\tsystem\ttop-1@4\ttop-5@4\ttop-1@6\ttop-5@6")
    for language, column in (("English", 2), ("Korean", 3)):
        texts = [(item[0], item[column]) for item in items if item[column]]
        hits, _s = retriever.retrieve(
            bm25s.tokenize([t for _r, t in texts], show_progress=False), k=50, show_progress=False
        )
        baseline = {ref: [codes[i] for i in row] for (ref, _t), row in zip(texts, hits, strict=True)}
        engine = {ref: [c.code for c in classifier.classify(text, top=50).codes] for ref, text in texts}
        subset = {ref: gold[ref] for ref, _t in texts}
        for name, predictions in (("bm25s", baseline), ("mcelink", engine)):
            a = classification_accuracy(subset, predictions)
            print(f"{language}\t{name}\t{a['top-1@4']:.3f}\t{a['top-5@4']:.3f}\t{a['top-1@6']:.3f}\t{a['top-5@6']:.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
