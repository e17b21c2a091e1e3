"""`mcelink gen-synthetic`: large realistic datasets for benchmarks and load tests, streamed to disk.

Files: organizations.csv and products.csv (the registry import layout), suppliers.jsonl (the matching
engine's supplier format), and with demands: demands.jsonl and qrels.tsv (TREC qrels from the ground truth:
the suppliers of the demanded item are relevant).
"""

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from mcelink.companies.imports import ORGANIZATION_COLUMNS, PRODUCT_COLUMNS
from mcelink.seed.generate import Generator
from mcelink.seed.vocabulary import ITEMS

DEMAND_TEMPLATES_KO = [
    "{name} 국산화 공급업체를 찾습니다. 요구 사양: {spec}. 연간 {volume}개 규모.",
    "후공정 라인용 {name} 대체 공급처 모집 — {spec}",
    "{name} 수입 대체 희망, {spec}, 샘플 평가 후 양산 적용 예정",
]
DEMAND_TEMPLATES_EN = [
    "Looking for a domestic supplier of {name}: {spec}; about {volume} units a year.",
    "Seeking a local alternative to imported {name} ({spec}) for our back-end line.",
    "{name} wanted, {spec}; sample evaluation then volume production.",
]


def generate(*, companies: int, seed: int, output: Path, demands: int = 0) -> dict[str, Any]:
    output.mkdir(parents=True, exist_ok=True)
    gen = Generator(seed)
    by_item: dict[str, list[str]] = defaultdict(list)
    products_written = 0
    with (
        open(output / "organizations.csv", "w", newline="", encoding="utf-8") as org_file,
        open(output / "products.csv", "w", newline="", encoding="utf-8") as product_file,
        open(output / "suppliers.jsonl", "w", encoding="utf-8") as supplier_file,
    ):
        orgs, products = csv.writer(org_file), csv.writer(product_file)
        orgs.writerow(list(ORGANIZATION_COLUMNS))
        products.writerow(list(PRODUCT_COLUMNS))
        for n in range(companies):
            c = gen.company()
            items = gen.random.sample(ITEMS, k=gen.random.randint(1, 3))
            texts = [gen.product(item) for item in items]
            techs = sorted({item.tech for item in items})
            desc_ko = f"반도체 후공정 {', '.join(i.name_ko for i in items)} 전문기업."
            desc_en = f"Specialist in {', '.join(i.name_en for i in items)} for semiconductor back-end processes."
            orgs.writerow([
                c.business_number, "sme", c.name_ko, c.name_en, c.region, c.city, c.district, "", c.size_class,
                c.employees, c.revenue_krw, c.founded_year, "", "true", "false", desc_ko, desc_en, ";".join(techs),
            ])  # fmt: skip
            for t in texts:
                products.writerow([
                    c.business_number, t.item.category, t.name_ko, t.name_en, t.description_ko, t.description_en,
                    ";".join(t.item.hs), t.item.tech, t.trl, ";".join(t.certifications),
                ])  # fmt: skip
            products_written += len(texts)
            # A fifth of profiles in Korean only and a tenth in English only, to measure cross-lingual search.
            lang = gen.random.choices(["both", "ko", "en"], weights=[0.7, 0.2, 0.1])[0]
            sid = f"S{n:06d}"
            supplier_file.write(
                json.dumps(
                    {
                        "id": sid,
                        "name": c.name_en if lang == "en" else c.name_ko,
                        "name_en": "" if lang == "ko" else c.name_en,
                        "country": "KR",
                        "region": c.region,
                        "description": desc_en if lang == "en" else desc_ko,
                        "description_en": "" if lang == "ko" else desc_en,
                        "products": [t.name_en if lang == "en" else t.name_ko for t in texts]
                        + ([t.name_en for t in texts] if lang == "both" else []),
                        "hs_codes": sorted({h for t in texts for h in t.item.hs}),
                        "strategic_technologies": techs,
                        "certifications": sorted({x for t in texts for x in t.certifications}),
                        "size_class": c.size_class,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            for item in items:
                by_item[item.key].append(sid)
    if demands:
        _demands(gen, demands, output, by_item)
    return {"organizations": companies, "products": products_written, "demands": demands, "output": str(output)}


def _demands(gen: Generator, count: int, output: Path, by_item: dict[str, list[str]]) -> None:
    with (
        open(output / "demands.jsonl", "w", encoding="utf-8") as demand_file,
        open(output / "qrels.tsv", "w", encoding="utf-8") as qrels,
    ):
        for n in range(count):
            item = gen.random.choice(ITEMS)
            lang = gen.random.choice(["ko", "en"])
            k = gen.random.randint(1, len(item.spec_ko))
            spec = ", ".join((item.spec_ko if lang == "ko" else item.spec_en)[:k])
            template = gen.random.choice(DEMAND_TEMPLATES_KO if lang == "ko" else DEMAND_TEMPLATES_EN)
            text = template.format(
                name=item.name_ko if lang == "ko" else item.name_en, spec=spec, volume=gen.random.randint(2, 500) * 10
            )
            qid = f"D{n:05d}"
            demand_file.write(
                json.dumps(
                    {"id": qid, "text": text, "lang": lang, "hs_code": item.hs[0], "strategic_technology": item.tech},
                    ensure_ascii=False,
                )
                + "\n"
            )
            for sid in by_item.get(item.key, []):
                qrels.write(f"{qid}\t0\t{sid}\t1\n")
