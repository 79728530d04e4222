-- One row per commitment of a plan. A commitment in a sub-theme folder names both.
create or replace table core.commitments as
select
    plan.plan_id || '-' || c.number as commitment_id,
    plan.plan_id,
    c.number,
    case when c.theme_path <> '' then plan.plan_id || '/' || split_part(c.theme_path, '/', 1) end as theme_id,
    case when c.theme_path like '%/%' then plan.plan_id || '/' || c.theme_path end as sub_theme_id,
    c.title_fr,
    c.title_fr_source,
    c.title_en,
    c.title_en_source,
    c.source_file,
    c.source_line,
    c.source_file_en,
    c.source_line_en
from staging.stg_action_plan__commitments as c
cross join staging.stg_action_plan__plan as plan
