-- One row per institution. Its name is the spelling its pages use most often (the first in
-- alphabetical order on a tie); staging gives spellings that differ only in case or punctuation one id.
create or replace table core.institutions as
with spellings as (
    select institution_id, name, count(*) as uses
    from staging.stg_action_plan__institutions
    group by all
)
select institution_id, arg_min(name, (-uses, name)) as name
from spellings
group by institution_id
