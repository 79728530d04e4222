-- One row per status in a self-assessment report, for one commitment or for the whole plan.
create or replace view staging.stg_self_assessment__statuses as
select
    plan_id,
    report,
    cast(report_year as integer) as report_year,
    nullif(trim(commitment_number), '') as commitment_number,
    status,
    cast(commitment_count as integer) as commitment_count,
    nullif(source, '') as source,
    source_file,
    cast(source_line as integer) as source_line
from raw.self_assessment__statuses
