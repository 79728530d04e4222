-- One row per link that a plan's source states between one of its commitments and a commitment
-- of another plan.
create or replace view staging.stg_action_plan__links as
select
    plan_id,
    trim(commitment_id) as commitment_id,
    trim(linked_commitment_id) as linked_commitment_id,
    relation,
    basis,
    nullif(trim(words), '') as words,
    trim(source) as source,
    source_file,
    cast(source_line as integer) as source_line
from raw.action_plan__links
