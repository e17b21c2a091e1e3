import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcelink.matching import Bridge, Demand, Index, Matcher, SupplierProfile, analyze
from mcelink.matching.cli import main
from mcelink.matching.evaluation import evaluate

NO_BRIDGE = Bridge({})
SUPPLIERS = [
    SupplierProfile(id="magtron", name="마그트론", products=("희토류 저감 마그네틱 콜렛",), region="incheon"),
    SupplierProfile(id="pavonine", name="파버나인", products=("경량 웨이퍼 링 프레임",), region="incheon"),
    SupplierProfile(id="eng-only", name="Diamond Works", products=("Diamond CMP pad conditioner",), region="gyeonggi"),
    SupplierProfile(
        id="socket", name="Socket Co", products=("Test socket for HBM",), certifications=("ISO 9001",), region="incheon"
    ),
]


def test_technical_tokens_stay_whole_and_korean_compounds_match_either_way():
    terms = analyze("HBM용 소켓, 정렬 정밀도 ±5 µm, Pt/Pd 회수, HS 8486.90-1000, DSC")
    assert {"hbm", "±5µm", "pt/pd", "8486.90-1000", "dsc"} <= set(terms)
    assert "링프레임" in analyze("링 프레임") and "링프레임" in analyze("링프레임")
    assert analyze("") == ()


def test_korean_demand_finds_an_english_only_supplier_through_the_bridge():
    matcher = Matcher.build(SUPPLIERS)  # the default bridge: HSK names + glossary
    results = matcher.match("다이아몬드 CMP 패드 컨디셔너 국산화", top=3)
    assert results[0].supplier_id == "eng-only"
    explanation = results[0].explanation
    assert any(t.via == "다이아몬드" and t.term == "diamond" for t in explanation.terms)
    assert "일치한 제품: Diamond CMP pad conditioner" in explanation.summary("ko")
    english = matcher.match("magnetic collet with less rare earth", top=3)
    assert english[0].supplier_id == "magtron"


def test_constraints_filter_and_empty_input_gives_nothing():
    matcher = Matcher.build(SUPPLIERS, NO_BRIDGE)
    assert matcher.match("   ") == []
    both = {m.supplier_id for m in matcher.match("Diamond socket", top=10)}
    assert both == {"eng-only", "socket"}
    only = matcher.match(Demand(text="Diamond socket", regions=("incheon",), required_certifications=("ISO 9001",)))
    assert [m.supplier_id for m in only] == ["socket"]


def test_a_huge_text_is_handled():
    matcher = Matcher.build(SUPPLIERS, NO_BRIDGE)
    assert matcher.match("socket " * 20000, top=1)[0].supplier_id == "socket"


words = st.sampled_from(["socket", "collet", "wafer", "ring", "frame", "diamond", "pad", "laser", "bonding", "mold"])
profiles = st.builds(
    lambda i, name, products: SupplierProfile(
        id=f"s{i}", name=" ".join(name), products=tuple(" ".join(p) for p in products)
    ),
    st.integers(0, 30),
    st.lists(words, max_size=3),
    st.lists(st.lists(words, min_size=1, max_size=4), max_size=3),
)


def ranking(index: Index, query: str) -> list[tuple[str, float]]:
    scores = index.score(dict.fromkeys(analyze(query), 1.0)).scores
    return sorted((index.ids[s], round(float(scores[s]), 9)) for s in index.slot.values() if scores[s] > 0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(initial=st.lists(profiles, max_size=12), changes=st.lists(st.tuples(st.booleans(), profiles), max_size=8))
def test_incremental_updates_rank_exactly_as_a_rebuild(initial, changes):
    unique = list({p.id: p for p in initial}.values())
    index = Index.build(unique)
    current = {p.id: p for p in unique}
    for remove, profile in changes:
        ranking(index, "socket wafer diamond")  # fills the per-term cache, which each change must drop
        if remove:
            index.remove(profile.id)
            current.pop(profile.id, None)
        else:
            index.upsert(profile)
            current[profile.id] = profile
    rebuilt = Index.build(current.values())
    for query in ("socket wafer", "diamond pad", "ring frame mold"):
        assert ranking(index, query) == ranking(rebuilt, query)


def test_an_index_saved_and_loaded_ranks_the_same(tmp_path):
    index = Index.build(SUPPLIERS)
    index.upsert(SupplierProfile(id="new", name="New Laser", products=("laser bonding",)))
    index.remove("pavonine")
    index.save(tmp_path / "idx")
    loaded = Index.load(tmp_path / "idx")
    for query in ("laser", "socket HBM", "콜렛"):
        assert ranking(loaded, query) == ranking(index, query)
    assert len(loaded) == len(index) == 4


def test_metrics_on_a_known_example():
    qrels = {"q1": {"a": 1, "b": 1}, "q2": {"c": 2}}
    run = {"q1": ["x", "a", "b"], "q2": ["c"]}
    metrics = evaluate(qrels, run)
    assert metrics["MRR@10"] == pytest.approx((1 / 2 + 1) / 2)
    assert metrics["Recall@50"] == pytest.approx(1.0)
    ndcg_q1 = (1 / 1.5849625 + 1 / 2) / (1 + 1 / 1.5849625)
    assert metrics["nDCG@10"] == pytest.approx((ndcg_q1 + 1) / 2, rel=1e-6)


def write_jsonl(path, rows):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n")


def test_match_file_writes_a_trec_run_and_eval_reads_it(tmp_path, capsys):
    suppliers, queries, run, qrels = (tmp_path / n for n in ("s.jsonl", "q.jsonl", "run.tsv", "qrels.tsv"))
    write_jsonl(suppliers, [{"id": s.id, "name": s.name, "products": list(s.products)} for s in SUPPLIERS])
    write_jsonl(queries, [{"id": "q1", "text": "test socket"}, {"id": "q2", "text": ""}])
    assert (
        main(
            ["match-file", "--suppliers", str(suppliers), "--queries", str(queries), "--top", "2", "--output", str(run)]
        )
        == 0
    )
    first = run.read_text().splitlines()[0].split("\t")
    assert first[:4] == ["q1", "Q0", "socket", "1"] and first[5] == "mcelink"
    qrels.write_text("q1\t0\tsocket\t1\n")
    assert main(["eval-match", "--qrels", str(qrels), "--run", str(run)]) == 0
    assert "MRR@10\t1.0000" in capsys.readouterr().out


def test_a_malformed_line_is_named_and_nothing_is_written(tmp_path, capsys):
    suppliers, queries, run = tmp_path / "s.jsonl", tmp_path / "q.jsonl", tmp_path / "run.tsv"
    write_jsonl(suppliers, [{"id": "a", "name": "x"}, "{not json", {"id": "b"}])
    write_jsonl(queries, [{"id": "q1", "text": "x"}])
    code = main(["match-file", "--suppliers", str(suppliers), "--queries", str(queries), "--output", str(run)])
    assert code == 2 and f"{suppliers}:2: not valid JSON" in capsys.readouterr().err
    assert not run.exists() and not list(tmp_path.glob(".run.tsv.*"))
    write_jsonl(suppliers, [{"id": "a"}, {"id": "a"}])
    assert main(["match-file", "--suppliers", str(suppliers), "--queries", str(queries), "--output", str(run)]) == 2
    assert "duplicate id 'a'" in capsys.readouterr().err


def test_explanations_add_up_per_word_across_fields():
    matcher = Matcher.build(
        [SupplierProfile(id="x", name="Socket Co", products=("socket",), description="socket maker")], NO_BRIDGE
    )
    match = matcher.match("socket", top=1)[0]
    (term, via, fields, total), *_rest = match.explanation.by_term()
    assert (term, via, set(fields)) == ("socket", "", {"name", "products", "description"})
    assert total == pytest.approx(match.score, rel=1e-3)
