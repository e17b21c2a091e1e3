"""Reading the engine's JSONL inputs with errors that name the file and line."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mcelink.matching.types import SupplierProfile

MAX_TEXT = 100_000  # characters of one field; longer text is cut, not refused


class InputError(Exception):
    """A line of an input file is not what it should be."""


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
            if not isinstance(data, dict):
                raise InputError(f"{path}:{number}: expected a JSON object")
            yield number, data


def _text(value: Any, where: str, key: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise InputError(f"{where}: {key!r} must be a string")
    return str(value)[:MAX_TEXT]


def _texts(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value[:MAX_TEXT],)
    if not isinstance(value, list):
        raise InputError(f"{where}: {key!r} must be a list of strings")
    return tuple(_text(v, where, key) for v in value if v is not None)


def read_suppliers(path: str | Path) -> Iterator[SupplierProfile]:
    seen: set[str] = set()
    for number, data in read_jsonl(path):
        where = f"{path}:{number}"
        sid = _text(data.get("id"), where, "id").strip()
        if not sid:
            raise InputError(f"{where}: 'id' is missing")
        if sid in seen:
            raise InputError(f"{where}: duplicate id {sid!r}")
        seen.add(sid)
        yield SupplierProfile(
            id=sid,
            name=_text(data.get("name"), where, "name"),
            name_en=_text(data.get("name_en"), where, "name_en"),
            country=_text(data.get("country"), where, "country"),
            region=_text(data.get("region"), where, "region"),
            description=_text(data.get("description"), where, "description"),
            description_en=_text(data.get("description_en"), where, "description_en"),
            products=_texts(data.get("products"), where, "products"),
            hs_codes=_texts(data.get("hs_codes"), where, "hs_codes"),
            strategic_technologies=_texts(data.get("strategic_technologies"), where, "strategic_technologies"),
            certifications=_texts(data.get("certifications"), where, "certifications"),
            size_class=_text(data.get("size_class"), where, "size_class"),
        )


def read_queries(path: str | Path) -> Iterator[tuple[str, str]]:
    for number, data in read_jsonl(path):
        where = f"{path}:{number}"
        qid = _text(data.get("id"), where, "id").strip()
        if not qid:
            raise InputError(f"{where}: 'id' is missing")
        yield qid, _text(data.get("text"), where, "text")
