-- One row per section (stakes, context, roadmap, see also, verbatim) or footnote of a
-- commitment page, in each language, as Markdown.
create or replace table core.commitment_sections as
select
    commitments.commitment_id,
    commitments.plan_id,
    s.language,
    s.position,
    s.part,
    s.kind,
    s.heading,
    s.text,
    s.source_file,
    s.source_line
from staging.stg_action_plan__sections as s
join core.commitments as commitments on commitments.commitment_id = s.plan_id || '-' || s.number
