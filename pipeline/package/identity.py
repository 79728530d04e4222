"""The package's name, title and description, made from the plans it holds (rows of the plans
resource): one plan's package is named for that plan; a package of several plans says each
plan's years and how much of it the package holds."""

from __future__ import annotations

import re


def identity(plans: list[dict]) -> dict:
    """Name, title and description of the package of its plans (rows of the plans resource);
    each plan's count of commitments, and where a source states more, how many it has."""
    if len(plans) == 1:
        return _one_plan(plans[0])
    member = plans[0]["member"] or plans[0]["plan_id"]
    starts = [p["start_year"] for p in plans if p["start_year"]]
    ends = [p["end_year"] for p in plans if p["end_year"]]
    span = f"{min(starts)}-{max(ends)}" if starts and ends else "plans"
    slug = re.sub(r"[^a-z0-9]+", "-", f"{member} {span}".lower()).strip("-")
    each = [(_years(p) or p["plan_id"], p) for p in plans]
    fr = " ; ".join(f"{years} ({p['plan_id']}) : {coverage(p, 'fr')}" for years, p in each)
    en = "; ".join(f"{years} ({p['plan_id']}): {coverage(p, 'en')}" for years, p in each)
    return {
        **({"temporal_coverage": {"start": str(min(starts)), "end": str(max(ends))}} if starts and ends else {}),
        "name": f"ogp-action-plans-{slug}",
        "title": f"Plans d'action pour un gouvernement ouvert, {member} {span} / "
        f"Open Government Partnership action plans, {member} {span}",
        "description": f"Les {len(plans)} plans d'action de {member} au sein du Partenariat pour un gouvernement "
        f"ouvert (OGP) : {fr}. Leurs engagements, axes, institutions, jalons, identifiants OGP, liens entre plans "
        "et évaluations, tirés de sources publiques citées ligne à ligne. / "
        f"{member}'s {len(plans)} Open Government Partnership (OGP) action plans: {en}. Their commitments, "
        "themes, institutions, milestones, OGP ids, links across plans and evaluations, taken from public "
        "sources cited row by row.",
    }


def coverage(plan: dict, language: str = "en") -> str:
    """How much of a plan the package holds: its commitments, of how many a source states."""
    count, stated = plan["commitment_count"], plan.get("commitments_stated")
    if stated and stated != count:
        return f"{count} engagements sur {stated}" if language == "fr" else f"{count} of its {stated} commitments"
    return f"{count} engagements" if language == "fr" else f"{count} commitments"


def _years(plan: dict) -> str | None:
    return f"{plan['start_year']}-{plan['end_year']}" if plan["start_year"] and plan["end_year"] else None


def _one_plan(plan: dict) -> dict:
    member = plan["member"] or plan["plan_id"]
    years = _years(plan)
    span_fr = years or f"plan {plan['plan_id']}"
    slug = re.sub(r"[^a-z0-9]+", "-", f"{member} {years or plan['plan_id']}".lower()).strip("-")
    quoted = f" « {plan['title_fr']} »" if plan["title_fr"] else ""
    count = plan["commitment_count"]
    coverage = (
        # at the precision the sources give: the plan's years (the portal copy widens them to dates)
        {"temporal_coverage": {"start": str(plan["start_year"]), "end": str(plan["end_year"])}}
        if plan["start_year"] and plan["end_year"]
        else {}
    )
    return {
        **coverage,
        "name": f"ogp-action-plan-{slug}",
        "title": f"Plan d'action pour un gouvernement ouvert, {member} {span_fr}{quoted} / "
        f"Open Government Partnership action plan, {member} {years or plan['plan_id']}",
        "description": f"Les {count} engagements du plan d'action {plan['plan_id']} ({member}) au sein du Partenariat "
        "pour un gouvernement ouvert (OGP), avec leurs axes, institutions, jalons, identifiants OGP et "
        "évaluations, tirés de sources publiques citées ligne à ligne. / "
        f"The {count} commitments of {member}'s Open Government Partnership (OGP) action plan "
        f"{plan['plan_id']}, with their themes, institutions, milestones, OGP ids and evaluations, "
        "taken from public sources cited row by row.",
    }
