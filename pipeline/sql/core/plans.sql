-- One row per action plan.
create or replace table core.plans as
select
    plan.plan_id,
    plan.member,
    plan.member_code,
    plan.title_en,
    plan.title_fr,
    plan.start_year,
    plan.end_year,
    plan.publication_date,
    (select count(*) from staging.stg_action_plan__commitments as c where c.plan_id = plan.plan_id)
        as commitment_count,
    plan.commitments_stated,
    plan.commitments_stated_source,
    plan.source,
    plan.publication_date_source,
    plan.source_file,
    plan.source_line
from staging.stg_action_plan__plan as plan
