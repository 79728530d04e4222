"""plan.json: the package's plans as one nested document, for web developers, with its JSON Schema.

plans -> plan -> themes -> commitments -> parts, other titles, institutions, OGP commitments,
links to other plans, milestones, sections, assessments;
plus each plan's self-assessments. The JSON Schema is derived from the Table Schemas (types,
required fields, allowed codes), so the two cannot drift; publish validates plan.json
against it before anything is replaced.
"""

from __future__ import annotations

import datetime as dt

import fastjsonschema

JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean", "date": "string"}
# Columns dropped where nesting makes them redundant (the parent already says it).
NESTING = {
    "themes": ("plan_id",),
    "commitments": ("plan_id", "theme_id"),
    "commitment_institutions": ("commitment_id", "plan_id"),
    "ogp_commitments": ("commitment_id", "plan_id"),
    "commitment_links": ("commitment_id", "plan_id"),
    "milestones": ("commitment_id", "plan_id"),
    "commitment_parts": ("commitment_id", "plan_id"),
    "commitment_titles": ("commitment_id", "plan_id"),
    "commitment_sections": ("commitment_id", "plan_id"),
    "assessments": ("commitment_id", "plan_id"),
    "self_assessments": ("plan_id",),
}


# A commitment's own rows in each resource, nested under it in this order (institutions come first).
CHILDREN = (
    "commitment_parts",
    "commitment_titles",
    "ogp_commitments",
    "commitment_links",
    "milestones",
    "commitment_sections",
    "assessments",
)


def document(tables: dict[str, tuple[list[dict], list[tuple]]]) -> dict:
    """The nested plan, from each table's (schema fields, rows)."""
    records = {
        name: [dict(zip([f["name"] for f in fields], (_value(v) for v in row), strict=True)) for row in rows]
        for name, (fields, rows) in tables.items()
    }
    grouped: dict[tuple[str, str], dict] = {}  # (table, key) -> key value -> rows, built once

    def children(name: str, key: str, value) -> list[dict]:
        if (name, key) not in grouped:
            index: dict = {}
            for record in records[name]:
                index.setdefault(record[key], []).append(_without(record, NESTING[name]))
            grouped[(name, key)] = index
        return grouped[(name, key)].get(value, [])

    commitments = []
    for c in records["commitments"]:
        item = _without(c, NESTING["commitments"])
        # each row names its institution as its page spells it
        item["institutions"] = children("commitment_institutions", "commitment_id", c["commitment_id"])
        for name in CHILDREN:
            item[name] = children(name, "commitment_id", c["commitment_id"])
        commitments.append((c["plan_id"], c["theme_id"], item))
    return {"plans": [_plan(plan, records, commitments, children) for plan in records["plans"]]}


def _plan(plan: dict, records: dict, commitments: list, children) -> dict:
    """One plan, its themes in its own order, each with its commitments."""
    mine = [(theme_id, item) for plan_id, theme_id, item in commitments if plan_id == plan["plan_id"]]
    own = sorted((t for t in records["themes"] if t["plan_id"] == plan["plan_id"]), key=lambda t: t["position"])
    themes = [
        {
            **_without(t, NESTING["themes"]),
            "commitments": [item for theme_id, item in mine if theme_id == t["theme_id"]],
        }
        for t in own
        if t["level"] == "theme"
    ]
    return {
        **plan,
        "themes": themes,
        "commitments_without_theme": [item for theme_id, item in mine if theme_id is None],
        "sub_themes": [_without(t, NESTING["themes"]) for t in own if t["level"] == "sub-theme"],
        "self_assessments": children("self_assessments", "plan_id", plan["plan_id"]),
    }


def json_schema(schemas: dict[str, dict]) -> dict:
    def obj(name: str, extra: dict | None = None) -> dict:
        fields = [f for f in schemas[name]["fields"] if f["name"] not in NESTING.get(name, ())]
        properties = {f["name"]: _field(f) for f in fields}
        properties.update(extra or {})
        required = [f["name"] for f in fields if f.get("constraints", {}).get("required")] + list(extra or {})
        return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}

    institution = obj("commitment_institutions")
    commitment = obj(
        "commitments",
        {
            "institutions": {"type": "array", "items": institution},
            **{name: {"type": "array", "items": obj(name)} for name in CHILDREN},
        },
    )
    theme = obj("themes", {"commitments": {"type": "array", "items": commitment}})
    plan = obj(
        "plans",
        {
            "themes": {"type": "array", "items": theme},
            "commitments_without_theme": {"type": "array", "items": commitment},
            "sub_themes": {"type": "array", "items": obj("themes")},
            "self_assessments": {"type": "array", "items": obj("self_assessments")},
        },
    )
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Plans d'action OGP, document imbriqué / OGP action plans, nested document",
        "type": "object",
        "properties": {"plans": {"type": "array", "items": plan}},
        "required": ["plans"],
        "additionalProperties": False,
    }


def validate(document_: dict, schema: dict) -> list[str]:
    """The document's first JSON Schema error, as one line naming where it is; none when it is
    valid. fastjsonschema compiles the schema to code, so a large plan is checked in a moment;
    a schema it cannot compile is a bug, and is raised."""
    # Without detailed exceptions, the code it generates does not quote each property's schema
    # (descriptions included) in its messages: a seventh of the code, compiled in a seventh of
    # the time. Those messages can leave out what is wrong ("must contain "), so a document
    # found invalid is checked again with them, to say which property and where.
    try:
        fastjsonschema.compile(schema, formats={"date": _is_date}, detailed_exceptions=False)(document_)
        return []
    except fastjsonschema.JsonSchemaValueException:
        pass
    try:
        fastjsonschema.compile(schema, formats={"date": _is_date})(document_)
    except fastjsonschema.JsonSchemaValueException as error:
        return [f"{'/'.join(str(p) for p in error.path[1:])}: {error.message}"]
    return []


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
        return True
    except ValueError:
        return False


def _field(field: dict) -> dict:
    spec: dict = {"type": [JSON_TYPES[field["type"]]]}
    constraints = field.get("constraints", {})
    if not constraints.get("required"):
        spec["type"].append("null")
    if field["type"] == "date":
        spec["format"] = "date"
    if "enum" in constraints:
        spec["enum"] = constraints["enum"] + ([] if constraints.get("required") else [None])
    if "pattern" in constraints:
        spec["pattern"] = f"^(?:{constraints['pattern']})$"
    if field["type"] in ("integer", "number"):  # JSON Schema bounds numbers only; dates are checked in SQL
        spec.update({key: constraints[key] for key in ("minimum", "maximum") if key in constraints})
    spec["description"] = field.get("description", "")
    return spec


def _value(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _without(record: dict, keys) -> dict:
    return {k: v for k, v in record.items() if k not in keys}
