"""What upload tells the portal besides the files: the dataset's metadata as one whole record,
and the descriptor as the portal serves it."""

from __future__ import annotations

import calendar
import json
import re
import unicodedata
from typing import TYPE_CHECKING

import pycountry

from pipeline.errors import InputError
from pipeline.upload import dataset_text

if TYPE_CHECKING:  # upload's settings; only their tags, private and contact point are read here
    from pipeline.upload.config import Config

LICENSES = {"etalab-2.0": "lov2"}
# The fields of udata's dataset form (udata/core/dataset/forms.py:190-253 at commit 25b5a2d)
# that upload sets or keeps: a dataset PUT sends them all.
DATASET_FIELDS = (
    "title",
    "acronym",
    "description",
    "description_short",
    "license",
    "frequency",
    "temporal_coverage",
    "spatial",
    "tags",
    "private",
    "extras",
    "contact_points",
)
# Free-form extras (udata/mongo/extras_fields.py:10, 29-37: any str value under any key)
VERSION_EXTRA, RELEASED_EXTRA = "action-plan-data:version", "action-plan-data:released"
# Letters NFKD does not take apart, as unidecode (awesome-slugify's transliteration) spells them
LETTERS = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})
QUOTES = str.maketrans("", "", "'\"’‘“”«»")


def slug(keyword: str) -> str:
    """A tag as udata stores it: udata/tags.py:9-10 slugs `value.lower()` with awesome-slugify,
    which transliterates (é → e, œ → oe), drops quotes (d'action → daction) and joins the rest
    with '-'. A letter this cannot spell in ASCII is refused, not guessed."""
    text = unicodedata.normalize("NFKD", keyword.lower().translate(LETTERS).translate(QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    if any(ord(c) > 127 and c.isalnum() for c in text):
        raise InputError("datagouv.toml", None, "a tag must be written in Latin letters", repr(keyword))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def spatial(member_codes: set[str]) -> dict | None:
    """The portal's spatial coverage of a plan's member: its country's zone (udata's geozone ids,
    `country:<ISO 3166 alpha-2>`, udata/core/spatial/forms.py:27-53 resolves them), from OGP's
    member code, an ISO 3166 alpha-3 code for a country member. None for a member that is not
    a country (a local member), or several members: no zone is invented."""
    if len(member_codes) != 1:
        return None
    country = pycountry.countries.get(alpha_3=next(iter(member_codes)).upper())
    return {"zones": [f"country:{country.alpha_2.lower()}"], "granularity": "country"} if country else None


def portal_descriptor(descriptor: dict, link, page: str) -> bytes:
    """The descriptor as the portal serves it: each file the portal holds named by its stable
    link (udata's /api/1/datasets/r/<resource id>, which redirects to the latest file), the
    files it does not hold left out, the dataset's page as its homepage; a reuser who has only
    the portal can validate it by URL. `link(path)` is a file's link, or None."""

    def held(entries: list[dict]) -> list[dict]:
        return [{**entry, "path": link(entry["path"])} for entry in entries if link(entry["path"])]

    shown = {
        **descriptor,
        "homepage": page,
        "resources": held(descriptor["resources"]),
        "files": held(descriptor.get("files", [])),
    }
    return (json.dumps(shown, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def dataset_fields(descriptor: dict, config: Config, text: str, member_codes: set[str]) -> dict:
    """The dataset's metadata as the package says it: title, description (`text`), short
    description, licence, frequency, coverage in time and space, tags, visibility, version."""
    license_name = descriptor["licenses"][0]["name"]
    keywords = config.tags or descriptor.get("keywords", [])
    fields = {
        "title": descriptor["title"],
        "description": text,
        "description_short": dataset_text.short(descriptor),
        "license": LICENSES.get(license_name, license_name),
        "frequency": descriptor.get("frequency", "irregular"),
        "tags": sorted({slug(k) for k in keywords} - {""}),
        "private": config.private,
        "extras": {VERSION_EXTRA: descriptor["version"], RELEASED_EXTRA: dataset_text.released(descriptor)},
    }
    if descriptor.get("temporal_coverage"):
        fields["temporal_coverage"] = full_dates(descriptor["temporal_coverage"])
    coverage = spatial(member_codes)
    if coverage:
        fields["spatial"] = coverage
    if config.contact_point:  # configured by the publisher; never made up
        fields["contact_points"] = [config.contact_point]
    return fields


def full_dates(coverage: dict) -> dict:
    """A coverage given as years or months, as the days udata needs: it reads each bound with
    dateutil's parse (udata/forms/fields.py:653-676, DateRangeField), which fills a missing
    month or day from today. The start is a period's first day, the end its last."""
    start, end = coverage["start"], coverage["end"]
    start += "-01-01"[len(start) - 4 :] if len(start) < 10 else ""
    if len(end) == 4:
        end += "-12-31"
    elif len(end) == 7:
        year, month = int(end[:4]), int(end[5:])
        end += f"-{calendar.monthrange(year, month)[1]:02d}"
    return {"start": start, "end": end}


def dataset_changes(dataset: dict, wanted: dict) -> dict:
    """The wanted fields the portal's record lacks or says otherwise, read as udata answers a
    GET (udata/core/dataset/api_fields.py): the licence and each contact point as an object,
    the coverage with its times, the spatial coverage with its geometry."""
    changed = {}
    for key, value in wanted.items():
        have = _as_sent(key, dataset.get(key))
        if key == "extras":
            have = {name: (have or {}).get(name) for name in value}
        if have != value:
            changed[key] = value
    return changed


def _as_sent(key: str, value):
    if key == "license" and isinstance(value, dict):
        return value.get("id")
    if key == "temporal_coverage" and isinstance(value, dict):
        return {k: str(v)[:10] for k, v in value.items() if k in ("start", "end")}
    if key == "spatial" and isinstance(value, dict):
        return {"zones": list(value.get("zones") or []), "granularity": value.get("granularity")}
    if key == "tags" and isinstance(value, list):
        return sorted(value)
    if key == "contact_points" and isinstance(value, list):
        return [c.get("id") if isinstance(c, dict) else c for c in value]
    return value


def full_record(dataset: dict, changes: dict) -> dict:
    """The body of a dataset PUT: every editable field, as the portal has it, with the changes.
    udata validates a PUT against its whole form and resets what the body lacks (tags to none,
    the coverage to nothing, private to false): a partial body would lose them."""
    record = {}
    for name in DATASET_FIELDS:
        value = _as_sent(name, dataset.get(name))
        if value is not None:
            record[name] = value
    if "extras" in changes:  # udata keeps the extras the body gives: the others' are kept too
        changes = {**changes, "extras": {**(record.get("extras") or {}), **changes["extras"]}}
    return {**record, **changes}
