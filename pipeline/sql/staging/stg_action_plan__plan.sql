-- The plan: its titles from its own text, its OGP facts from the OGP layer. One row per plan.
create or replace view staging.stg_action_plan__plan as
select
    trim(plan_id) as plan_id,
    nullif(trim(member), '') as member,
    nullif(trim(member_code), '') as member_code,
    trim(title_en) as title_en,
    nullif(trim(title_fr), '') as title_fr,
    try_cast(nullif(start_year, '') as integer) as start_year,
    try_cast(nullif(end_year, '') as integer) as end_year,
    try_cast(nullif(published, '') as date) as publication_date,
    nullif(trim(source), '') as source,
    nullif(trim(published_source), '') as publication_date_source,
    try_cast(nullif(commitments_stated, '') as integer) as commitments_stated,
    nullif(trim(commitments_stated_source), '') as commitments_stated_source,
    source_file,
    try_cast(source_line as integer) as source_line
from raw.action_plan__plan
