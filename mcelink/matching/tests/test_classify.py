import json

import pytest

from mcelink.matching import Bridge
from mcelink.matching.classify import Classifier
from mcelink.matching.cli import main
from mcelink.matching.evaluation import classification_accuracy

NOMENCLATURE = [
    ("85", "전기기기", "Electrical machinery"),
    ("8505", "전자석과 영구자석", "Electro-magnets; permanent magnets"),
    ("850511", "금속으로 만든 것", "Of metal"),
    ("8505111000", "알니코의 것", "Of alnico"),
    ("8505119000", "기타", "Other"),
    ("84", "기계류", "Machinery"),
    ("8486", "반도체 제조용 기계", "Machines for the manufacture of semiconductor devices"),
    ("848690", "부분품과 부속품", "Parts and accessories"),
    ("8486901000", "웨이퍼 제조용 기계의 것", "Of machines for the manufacture of wafers"),
]


def test_classify_ranks_codes_and_rolls_them_up_the_hierarchy():
    classifier = Classifier(NOMENCLATURE, Bridge({}))
    result = classifier.classify("permanent magnets of metal", top=3)
    assert [c.code for c in result.codes][:2] == ["8505111000", "8505119000"]
    assert result.subheadings[0].code == "850511" and result.headings[0].code == "8505"
    assert result.headings[0].name_en.startswith("Electro-magnets")
    korean = classifier.classify("웨이퍼 제조용 기계 부분품", top=3)
    assert korean.codes[0].code == "8486901000" and korean.headings[0].code == "8486"
    assert classifier.classify("", top=3).codes == ()


def test_accuracy_at_each_depth():
    gold = {"a": "8505111000", "b": "8486901000"}
    predictions = {"a": ["8505119000", "8505111000"], "b": ["8505111000"]}
    accuracy = classification_accuracy(gold, predictions)
    assert (accuracy["top-1@4"], accuracy["top-1@6"], accuracy["top-1@10"]) == (0.5, 0.5, 0.0)
    assert (accuracy["top-5@10"], accuracy["top-5@4"]) == (0.5, 0.5)


@pytest.mark.slow  # engine-heavy: over 10 s on the 2-core machine
def test_classify_file_and_eval_classify_from_files(tmp_path, capsys):
    items, preds, gold = tmp_path / "items.jsonl", tmp_path / "preds.jsonl", tmp_path / "gold.tsv"
    items.write_text(json.dumps({"id": "m1", "text": "희토류 영구자석 (permanent magnet)"}, ensure_ascii=False) + "\n")
    assert main(["classify-file", "--input", str(items), "--top", "5", "--output", str(preds)]) == 0
    row = json.loads(preds.read_text())
    assert row["id"] == "m1" and len(row["codes"]) == 5 and all(len(c) == 10 for c in row["codes"])
    assert row["codes"][0].startswith("8505")
    gold.write_text("m1\t8505.11-1000\n")
    assert main(["eval-classify", "--gold", str(gold), "--preds", str(preds)]) == 0
    assert "top-1@4\t1.0000" in capsys.readouterr().out
    preds.write_text('{"id": "m1", "codes": "8505"}\n')
    assert main(["eval-classify", "--gold", str(gold), "--preds", str(preds)]) == 2
    assert "preds.jsonl:1: 'codes' must be a list of strings" in capsys.readouterr().err
