-- Offending rows: a whole number between 1 and the highest whole commitment number that no page
-- holds. Plans numbered 1.1, 1.2... have no whole numbers and nothing to check here.
with whole as (
    select try_cast(number as integer) as number
    from staging.stg_action_plan__commitments
    where try_cast(number as integer) is not null
)
select missing.number as missing_commitment_number
from range(1, (select max(number) from whole) + 1) as missing(number)
where missing.number not in (select number from whole)
