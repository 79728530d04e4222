-- One row per theme or sub-theme of a plan; a sub-theme names its parent theme.
create or replace table core.themes as
select
    theme.plan_id || '/' || theme.theme_path as theme_id,
    theme.plan_id,
    case when theme.parent_path is null then null else theme.plan_id || '/' || theme.parent_path end as parent_theme_id,
    case when theme.parent_path is null then 'theme' else 'sub-theme' end as level,
    theme.position,
    theme.theme_path as folder,
    theme.folder_fr,
    theme.title_en,
    theme.title_en_source,
    theme.title_fr,
    theme.title_fr_source,
    theme.source_file,
    theme.source_line
from staging.stg_action_plan__themes as theme
