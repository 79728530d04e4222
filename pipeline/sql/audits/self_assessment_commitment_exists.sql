-- Offending rows: a self-assessment status for a commitment number the plan does not have.
select s.source_file || ':' || s.source_line as at, s.commitment_number
from staging.stg_self_assessment__statuses as s
where s.plan_id in (select plan_id from staging.stg_action_plan__plan)
  and s.commitment_number is not null
  and not exists (
      select 1 from staging.stg_action_plan__commitments as p
      where p.plan_id = s.plan_id and p.number = s.commitment_number
  )
