-- Themes and sub-themes, from the tables of contents of both languages. One row per folder.
create or replace view staging.stg_action_plan__themes as
select
    plan_id,
    theme_path,
    nullif(parent_path, '') as parent_path,
    cast(position as integer) as position,
    nullif(trim(title_en), '') as title_en,
    nullif(trim(title_en_source), '') as title_en_source,
    nullif(trim(title_fr), '') as title_fr,
    nullif(trim(title_fr_source), '') as title_fr_source,
    nullif(folder_fr, '') as folder_fr,
    source_file,
    try_cast(nullif(source_line, '') as integer) as source_line
from raw.action_plan__themes
