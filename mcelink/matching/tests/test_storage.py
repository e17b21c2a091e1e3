"""The saved index: memory-mapped, saved with its bridge, safe to replace under a reader, updatable once loaded."""

import json
import tracemalloc

from mcelink.matching import Bridge, Demand, Index, Matcher, SupplierProfile

WORDS = "wafer ring frame collet magnet socket probe handler slurry laser dicing spacer quartz".split()
CERTIFICATES = ("ISO 9001", "ISO 14001", "이노비즈")


def profiles(n: int, prefix: str = "S") -> list[SupplierProfile]:
    return [
        SupplierProfile(
            id=f"{prefix}{i:05d}",
            name=f"Company {i}",
            products=tuple(f"{WORDS[(i + k) % len(WORDS)]} {WORDS[(i * 3 + k) % 13]} M-{i}{k}" for k in range(4)),
            description=" ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(12)),
            region=("incheon", "gyeonggi", "seoul")[i % 3],
            certifications=CERTIFICATES[: i % 4],
            hs_codes=(f"8486{i % 10:02d}",),
            strategic_technologies=(f"SEMI-{i % 5:02d}",),
        )
        for i in range(n)
    ]


def everything(matcher: Matcher) -> list[object]:
    """Rankings with explanations for text, hard filters, preferences and classifications."""
    demands = [
        Demand(text="wafer ring frame"),
        Demand(text="probe socket", regions=("seoul",), required_certifications=("ISO 9001",)),
        Demand(text="laser dicing slurry", preferred_regions=("incheon",), preferred_certifications=("이노비즈",)),
        Demand(text="quartz", hs_codes=("8486.03",), strategic_technologies=("SEMI-02",)),
        Demand(text="", hs_codes=("8486",)),
    ]
    return [matcher.match(d, top=15) for d in demands]


def test_a_loaded_index_keeps_postings_and_profiles_off_the_python_heap(tmp_path):
    # 3,000 profiles: format 1 (arrays read whole, every profile decoded) allocated 10.0 MB here; format 2, 1.8 MB.
    Index.build(profiles(3000)).save(tmp_path / "idx")
    tracemalloc.start()
    index = Index.load(tmp_path / "idx")
    allocated, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(index) == 3000
    assert allocated < 3_000_000  # ids, the id → slot dict and the term dict; arrays and profiles are mapped
    assert index.profiles["S00042"] == profiles(3000)[42]  # decoded when asked for


def test_the_bridge_is_saved_with_the_index_and_used_when_loaded(tmp_path):
    bridge = Bridge({"웨이퍼": ("wafer",), "wafer": ("웨이퍼",)})
    Index.build(profiles(30)).save(tmp_path / "idx", bridge=bridge)
    loaded = Matcher(Index.load(tmp_path / "idx"))  # no bridge given: the saved one, not the learned default
    assert loaded.bridge.translations == bridge.translations
    found = loaded.match("웨이퍼", top=5)
    assert found and found[0].explanation.terms[0].via == "웨이퍼"
    # Saved again after a change, the index keeps its bridge.
    index = Index.load(tmp_path / "idx")
    index.upsert(profiles(1, prefix="N")[0])
    index.save(tmp_path / "again")
    assert Matcher(Index.load(tmp_path / "again")).bridge.translations == bridge.translations


def test_a_bridge_learned_under_other_rules_is_not_used(tmp_path):
    Index.build(profiles(10)).save(tmp_path / "idx", bridge=Bridge({"a": ("b",)}))
    path = tmp_path / "idx" / "bridge.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "rules": "older thresholds"}), encoding="utf-8")
    assert Index.load(tmp_path / "idx").bridge is None


def test_saving_over_a_loaded_index_leaves_its_readers_unchanged(tmp_path):
    no_bridge = Bridge({})
    Index.build(profiles(200)).save(tmp_path / "idx")
    reader = Matcher(Index.load(tmp_path / "idx"), no_bridge)
    before = everything(reader)
    Index.build(profiles(150, prefix="T")).save(tmp_path / "idx")  # the same directory, every file replaced
    assert everything(reader) == before  # it still reads the files it mapped
    fresh = Matcher(Index.load(tmp_path / "idx"), no_bridge)
    assert {m.supplier_id[0] for m in fresh.match("wafer", top=10)} == {"T"}


def test_a_loaded_index_updated_ranks_as_the_built_one_updated_alike(tmp_path):
    no_bridge = Bridge({})
    initial = profiles(300)
    built = Index.build(initial)
    built.save(tmp_path / "idx")
    loaded = Index.load(tmp_path / "idx")
    for index in (built, loaded):
        for p in initial[:20]:
            index.upsert(SupplierProfile(**{**p.__dict__, "region": "seoul", "products": ("laser spacer",)}))
        for p in initial[20:30]:
            index.remove(p.id)
        index.upsert(profiles(1, prefix="N")[0])
    rebuilt = Index.build([*[built.profiles[sid] for sid in built.profiles]])
    assert everything(Matcher(loaded, no_bridge)) == everything(Matcher(built, no_bridge))
    assert [[m.supplier_id for m in r] for r in everything(Matcher(loaded, no_bridge))] == [
        [m.supplier_id for m in r] for r in everything(Matcher(rebuilt, no_bridge))
    ]
    loaded.save(tmp_path / "updated")
    assert everything(Matcher(Index.load(tmp_path / "updated"), no_bridge)) == everything(Matcher(built, no_bridge))
