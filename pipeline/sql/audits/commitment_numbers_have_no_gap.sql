-- Offending rows: a number between 1 and the highest commitment number that no page holds.
select missing.number as missing_commitment_number
from range(1, (select max(number) from staging.stg_action_plan__commitments) + 1) as missing(number)
where missing.number not in (select number from staging.stg_action_plan__commitments)
