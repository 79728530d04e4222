-- One row per institution, its id made in staging from the official name. Its names are the
-- spellings that the pages of its first plan (the earliest the package holds) use most often,
-- the first in alphabetical order on a tie: a later plan's pages do not rename it. Every
-- spelling stays in commitment_institutions, where it is written.
create or replace table core.institutions as
with spellings as (
    select
        i.institution_id,
        i.name,
        i.name_fr,
        (p.start_year, p.plan_id) as plan_order,
        count(*) over (partition by i.institution_id, i.plan_id, i.name) as uses,
        count(*) over (partition by i.institution_id, i.plan_id, i.name_fr) as uses_fr
    from staging.stg_action_plan__institutions as i
    join core.plans as p using (plan_id)
)
select
    institution_id,
    arg_min(name, (plan_order, -uses, name)) as name,
    arg_min(name_fr, (plan_order, -uses_fr, name_fr)) filter (where name_fr is not null) as name_fr
from spellings
group by institution_id
