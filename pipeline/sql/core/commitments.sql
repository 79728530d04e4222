-- One row per commitment of a plan. A commitment in a sub-theme folder names both.
-- `number` is a whole number so that every reader sorts it as one: the plan's own number where
-- the plan numbers its commitments 1, 2, 3 (France's); where it writes 1.1 or 2.3.A, their place
-- in the plan's order, the plan's own label staying in commitment_id. A commitment whose number
-- no source states (a plan read from OGP's pages) is labelled by its OGP id (FR0031) and has no
-- number: the order inferred from the ids is number_inferred, a column of its own.
create or replace table core.commitments as
with numbered as (
    select c.*, regexp_full_match(c.number, '[0-9]+(\.[0-9A-Za-z]+)*') as stated
    from staging.stg_action_plan__commitments as c
),
labelled as (
    select
        c.*,
        bool_and(not c.stated or regexp_full_match(c.number, '[0-9]{1,9}')) over (partition by c.plan_id) as whole,
        row_number() over (partition by c.plan_id, c.stated order by natural_key(c.number)) as position
    from numbered as c
)
select
    plan.plan_id || '-' || c.number as commitment_id,
    plan.plan_id,
    case when not c.stated then null when c.whole then cast(c.number as bigint) else c.position end as number,
    c.number_inferred,
    c.number_inferred_basis,
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
from labelled as c
join staging.stg_action_plan__plan as plan using (plan_id)
