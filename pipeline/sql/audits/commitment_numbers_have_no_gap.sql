-- Offending rows: a whole number between 1 and a plan's highest whole commitment number that no
-- page of the plan holds. Plans numbered 1.1, 1.2..., and plans whose commitments are known by
-- their OGP ids where no source states a number, have nothing to check here.
with whole as (
    select plan_id, try_cast(number as integer) as number
    from staging.stg_action_plan__commitments
    where plan_id not in (
        select plan_id from staging.stg_action_plan__commitments where not regexp_full_match(number, '[0-9]{1,9}')
    )
)
select plan_id, missing.number as missing_commitment_number
from (select plan_id, max(number) as highest from whole group by plan_id) as plans,
    range(1, plans.highest + 1) as missing(number)
where missing.number not in (select w.number from whole as w where w.plan_id = plans.plan_id)
