-- Offending rows: a self-assessment status for a commitment number the plan does not have.
select s.source_file || ':' || s.source_line as at, s.commitment_number
from staging.stg_self_assessment__statuses as s
where s.plan_id = (select plan_id from staging.stg_action_plan__plan)
  and s.commitment_number is not null
  and s.commitment_number not in (select number from staging.stg_action_plan__commitments)
