-- One row per institution, its id made in staging from the official name. Its names are the
-- spellings its pages use most often (the first in alphabetical order on a tie); every spelling
-- stays in commitment_institutions, where it is written.
create or replace table core.institutions as
with spellings as (
    select institution_id, name, name_fr, count(*) over (partition by institution_id, name) as uses,
           count(*) over (partition by institution_id, name_fr) as uses_fr
    from staging.stg_action_plan__institutions
)
select
    institution_id,
    arg_min(name, (-uses, name)) as name,
    arg_min(name_fr, (-uses_fr, name_fr)) filter (where name_fr is not null) as name_fr
from spellings
group by institution_id
