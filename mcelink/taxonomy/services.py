"""Writes of the taxonomy: loading the HS/HSK nomenclature and the strategic technology list, and the import
of the official list."""

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mcelink import data
from mcelink.accounts.models import User
from mcelink.core.audit import audit_record
from mcelink.core.jobs import JobProgress
from mcelink.core.tabular import ImportReport, import_lock, table_open
from mcelink.data.strategic_technologies import INDUSTRIES, SEMICONDUCTOR_HS, TECHNOLOGIES
from mcelink.taxonomy.models import HSCode, Industry, StrategicTechnology

logger = logging.getLogger(__name__)

SAMPLE_BATCH_YEAR = {"핵심전략기술 150": 2019, "확대 50": 2024}


def hs_nomenclature_load(*, actor: User | None = None) -> int:
    """Load HS2022 (2/4/6 digits) and the Korean HSK (4–10 digits) into one tree. Idempotent.

    For a code in both, the HSK's Korean and English names are kept (they are the names Korean customs
    use) and HS2022's English description fills a missing English name; chapters exist only in HS2022.
    """
    entries: dict[str, dict[str, str]] = {}
    for hs in data.hs_entries():
        entries[hs.code] = {"name_en": hs.name_en, "name_ko": "", "section": hs.section}
    for hsk in data.hsk_entries():
        entry = entries.setdefault(hsk.code, {"name_en": "", "name_ko": "", "section": ""})
        entry["name_ko"] = hsk.name_ko
        entry["name_en"] = hsk.name_en or entry["name_en"]
    codes = sorted(entries)
    for code in codes:  # sections are given for HS codes only; national codes inherit their chapter's
        if not entries[code]["section"]:
            entries[code]["section"] = entries.get(code[:2], {}).get("section", "")

    with transaction.atomic():
        # Loads before this one took the HS2022 file's "TOTAL" row for a code (shown among the chapters).
        removed, _by_model = HSCode.objects.filter(code="TOTAL", products__isnull=True).delete()
        existing = {c.code: c for c in HSCode.objects.all()}
        new = [
            HSCode(code=code, level=len(code), section=e["section"], name_ko=e["name_ko"], name_en=e["name_en"])
            for code, e in entries.items()
            if code not in existing
        ]
        HSCode.objects.bulk_create(new, batch_size=2000)
        changed = []
        for code, row in existing.items():
            e = entries.get(code)
            if e and (row.name_ko, row.name_en, row.section) != (e["name_ko"], e["name_en"], e["section"]):
                row.name_ko, row.name_en, row.section = e["name_ko"], e["name_en"], e["section"]
                changed.append(row)
        HSCode.objects.bulk_update(changed, ["name_ko", "name_en", "section"], batch_size=2000)
        ids = dict(HSCode.objects.values_list("code", "id"))
        parents = dict(HSCode.objects.values_list("code", "parent_id"))
        relink = []
        for code in codes:
            parent_id = next((ids[code[:n]] for n in range(len(code) - 1, 1, -1) if code[:n] in ids), None)
            if parents.get(code) != parent_id:
                relink.append(HSCode(id=ids[code], parent_id=parent_id))
        HSCode.objects.bulk_update(relink, ["parent"], batch_size=2000)
        if new or changed or relink or removed:
            audit_record(
                actor=actor,
                action="taxonomy.hs_load",
                changes={"created": len(new), "updated": len(changed), "relinked": len(relink), "removed": removed},
            )
    return len(new)


def industries_load(*, actor: User | None = None) -> int:
    """Create or update the ten industries of the key strategic technology list. Idempotent."""
    created = 0
    with transaction.atomic():
        for order, (code, name_ko, name_en, count, batch, _prefix) in enumerate(INDUSTRIES):
            _, was_created = Industry.objects.update_or_create(
                code=code,
                defaults={
                    "name_ko": name_ko,
                    "name_en": name_en,
                    "official_count": count,
                    "batch": batch,
                    "sort_order": order,
                },
            )
            created += was_created
        if created:
            audit_record(actor=actor, action="taxonomy.industries_load", changes={"created": created})
    return created


def strategic_technologies_load_sample(*, actor: User | None = None) -> int:
    """The 200 sample technologies (official counts per industry), marked as samples. Idempotent: an
    industry that already has technologies (sample or imported) is left as it is."""
    industries_load(actor=actor)
    prefixes = {code: prefix for code, _ko, _en, _n, _b, prefix in INDUSTRIES}
    hs_ids = dict(HSCode.objects.filter(level__in=[4, 6]).values_list("code", "id"))
    created = 0
    with transaction.atomic():
        for industry in Industry.objects.filter(code__in=TECHNOLOGIES):
            if industry.technologies.exists():
                continue
            rows = [
                StrategicTechnology(
                    industry=industry,
                    code=f"{prefixes[industry.code]}-{n:02d}",
                    name_ko=name_ko,
                    name_en=name_en,
                    description_ko=f"{industry.name_ko} 분야 핵심전략기술(예시): {name_ko}",
                    description_en=f"Key strategic technology of {industry.name_en.lower()} (sample): {name_en}",
                    batch=industry.batch,
                    designated_year=SAMPLE_BATCH_YEAR.get(industry.batch),
                    is_sample=True,
                )
                for n, (name_ko, name_en) in enumerate(TECHNOLOGIES[industry.code], start=1)
            ]
            StrategicTechnology.objects.bulk_create(rows)
            created += len(rows)
            if industry.code == "semiconductor" and hs_ids:
                links = StrategicTechnology.hs_codes.through
                techs = dict(StrategicTechnology.objects.filter(industry=industry).values_list("code", "id"))
                links.objects.bulk_create(
                    links(strategictechnology_id=techs[f"SEMI-{n:02d}"], hscode_id=hs_ids[hs])
                    for n, codes in SEMICONDUCTOR_HS.items()
                    for hs in codes
                    if hs in hs_ids
                )
        if created:
            audit_record(actor=actor, action="taxonomy.sample_technologies_load", changes={"created": created})
    return created


def taxonomies_load(*, actor: User | None = None, progress: JobProgress | None = None) -> dict[str, int]:
    hs = hs_nomenclature_load(actor=actor)
    techs = strategic_technologies_load_sample(actor=actor)
    return {"hs_codes_created": hs, "technologies_created": techs}


STRATEGIC_COLUMNS = {
    "industry": ["분야"],
    "technology": ["대상기술"],
    "description": ["기술설명"],
    "related_law": ["관련법령"],
    "name_en": ["영문명"],
}
ERR_UNKNOWN_INDUSTRY = gettext_noop(
    "Unknown industry; use one of the list's industries (e.g. 반도체, 디스플레이, 기계·금속)."
)
ERR_EMPTY_TECHNOLOGY = gettext_noop("The technology name is empty.")
ERR_DUPLICATE_TECHNOLOGY = gettext_noop("This technology appears twice in the industry (also on row {row}).")
ERR_TOO_LONG = gettext_noop("Longer than {n} characters.")
ERR_CONFLICT = gettext_noop(
    "The list changed while this file was imported (another import or an edit); nothing was written. Import the "
    "file again."
)
# The columns written to a field of limited length, with its header in the report.
STRATEGIC_LENGTHS = {"technology": ("대상기술", 200), "name_en": ("영문명", 200), "related_law": ("관련법령", 300)}


def _industry_lookup() -> dict[str, Industry]:
    from mcelink.data.strategic_technologies import INDUSTRY_ALIASES

    industries = {i.code: i for i in Industry.objects.all()}
    lookup: dict[str, Industry] = {}
    for industry in industries.values():
        for key in (industry.code, industry.name_ko, industry.name_en):
            lookup[_norm(key)] = industry
    for alias, code in INDUSTRY_ALIASES.items():
        if code in industries:
            lookup[_norm(alias)] = industries[code]
    return lookup


def _norm(text: str) -> str:
    return "".join(text.split()).replace("·", "").replace("ㆍ", "").replace("/", "").lower()


def strategic_technology_import(
    *,
    source: Any,
    actor: User | None,
    name: str = "",
    batch: str = "",
    year: int | None = None,
    dry_run: bool = False,
    progress: JobProgress | None = None,
) -> dict[str, Any]:
    """Import the official list (columns 분야, 대상기술, 기술설명, 관련법령). All or nothing.

    For each industry in the file, its sample items give way to the official ones; an item already present
    by name is updated and keeps its code and links; new items continue the industry's code numbering.
    """
    opened = table_open(
        source, name=name, columns=STRATEGIC_COLUMNS, required={"industry", "technology"}, progress=progress
    )
    report = opened.report
    if not opened.ok or opened.table is None:
        return report.as_dict()
    table = opened.table
    with transaction.atomic():
        import_lock("taxonomy.strategic_technologies")  # two first imports would both create the industries
        industries_load(actor=actor)
    lookup = _industry_lookup()
    seen: dict[tuple[str, str], int] = {}
    parsed: list[tuple[Industry, dict[str, str]]] = []
    if progress:
        progress.start(total=len(table.rows), message=_("checking rows"))
    for done, (row, rec) in enumerate(opened.records(), start=1):
        industry = lookup.get(_norm(rec.get("industry", "")))
        if industry is None:
            report.add(row, "분야", _(ERR_UNKNOWN_INDUSTRY), rec.get("industry", ""))
        name_ko = " ".join(rec.get("technology", "").split())
        if not name_ko:
            report.add(row, "대상기술", _(ERR_EMPTY_TECHNOLOGY))
        elif industry is not None:
            key = (industry.code, name_ko)
            if key in seen:
                report.add(row, "대상기술", _(ERR_DUPLICATE_TECHNOLOGY).format(row=seen[key]), name_ko)
            seen.setdefault(key, row)
            parsed.append((industry, {**rec, "technology": name_ko}))
        for column, (header, max_length) in STRATEGIC_LENGTHS.items():
            value = name_ko if column == "technology" else rec.get(column, "")
            if len(value) > max_length:
                report.add(row, opened.headers.get(column, header), _(ERR_TOO_LONG).format(n=max_length), value[:50])
        if progress:
            progress.advance(done)
    if not report.ok or dry_run:
        return report.as_dict(valid_rows=len(parsed) if report.ok else 0)
    if progress:
        progress.advance(len(parsed), message=_("writing"), force=True)
    try:
        return _strategic_technologies_write(
            parsed, report, actor=actor, name=name, batch=batch, year=year, progress=progress
        )
    except IntegrityError:
        # The lock keeps two imports apart; an edit in the admin meanwhile (a technology renamed) still can collide.
        # The transaction was rolled back as a whole.
        logger.warning("strategic technology import of %s collided with a concurrent change", name, exc_info=True)
        failed = ImportReport()
        failed.add(0, "", _(ERR_CONFLICT))
        return failed.as_dict()


def _strategic_technologies_write(
    parsed: list[tuple[Industry, dict[str, str]]],
    report: ImportReport,
    *,
    actor: User | None,
    name: str,
    batch: str,
    year: int | None,
    progress: JobProgress | None,
) -> dict[str, Any]:
    prefixes = {code: prefix for code, _ko, _en, _n, _b, prefix in INDUSTRIES}
    created = updated = removed = 0
    with transaction.atomic():
        # One import writes at a time: the second of two imports of the same file finds the first one's items (and
        # updates them) instead of creating them again under the same codes.
        import_lock("taxonomy.strategic_technologies")
        for industry in {i.code: i for i, _ in parsed}.values():
            rows = [rec for i, rec in parsed if i.code == industry.code]
            names = {rec["technology"] for rec in rows}
            existing = {t.name_ko: t for t in industry.technologies.all()}
            # Numbering continues after every code ever given, so a removed sample's code is never reused.
            numbers = [int(c.rsplit("-", 1)[1]) for c in industry.technologies.values_list("code", flat=True)]
            next_number = max(numbers, default=0) + 1
            stale = [t.pk for n, t in existing.items() if t.is_sample and n not in names]
            removed += StrategicTechnology.objects.filter(pk__in=stale).delete()[0] if stale else 0
            for rec in rows:
                fields: dict[str, Any] = {
                    "description_ko": rec.get("description", ""),
                    "related_law": rec.get("related_law", ""),
                    "batch": batch or industry.batch,
                    "designated_year": year,
                    "is_sample": False,
                }
                if rec.get("name_en"):
                    fields["name_en"] = rec["name_en"]
                tech = existing.get(rec["technology"])
                if tech is None:
                    prefix = prefixes.get(industry.code, industry.code.upper()[:5])
                    StrategicTechnology.objects.create(
                        industry=industry, code=f"{prefix}-{next_number:02d}", name_ko=rec["technology"], **fields
                    )
                    next_number += 1
                    created += 1
                else:
                    for attr, value in fields.items():
                        setattr(tech, attr, value)
                    tech.save()
                    updated += 1
        audit_record(
            actor=actor,
            action="taxonomy.strategic_import",
            changes={"file": name, "created": created, "updated": updated, "samples_removed": removed},
        )
        # The engine's technology classifier and the suppliers' technologies are built from this list.
        from mcelink.matchmaking.services import matching_rebuild_after_commit

        matching_rebuild_after_commit(actor=actor)
        if progress:
            progress.written()  # in this transaction: the job says its work is saved exactly when it is
    return report.as_dict(created=created, updated=updated, samples_removed=removed)
