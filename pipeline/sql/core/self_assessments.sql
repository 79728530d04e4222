-- One row per status in a self-assessment report: for one commitment, or (level = plan) the
-- number of the plan's commitments with that status, where only totals are public.
create or replace table core.self_assessments as
select
    s.plan_id || '-' || s.report || '-' || coalesce(s.commitment_number, 'plan') || '-' || s.status
        as self_assessment_id,
    s.plan_id,
    s.report,
    s.report_year,
    case when s.commitment_number is null then 'plan' else 'commitment' end as level,
    c.commitment_id,
    s.status,
    s.commitment_count,
    s.source
from staging.stg_self_assessment__statuses as s
left join core.commitments as c on c.commitment_id = s.plan_id || '-' || s.commitment_number
where s.plan_id in (select plan_id from staging.stg_action_plan__plan)
