-- One row per commitment: its French page (the official text) and its English one.
create or replace view staging.stg_action_plan__commitments as
select
    plan_id,
    -- OGP numbering may be hierarchical (1.1, 1.2), so numbers stay text
    trim(number) as number,
    theme_path,
    try_cast(nullif(trim(number_inferred), '') as integer) as number_inferred,
    nullif(trim(number_inferred_basis), '') as number_inferred_basis,
    trim(title_en) as title_en,
    nullif(trim(title_en_source), '') as title_en_source,
    nullif(trim(title_fr), '') as title_fr,
    nullif(trim(title_fr_source), '') as title_fr_source,
    source_file,
    cast(source_line as integer) as source_line,
    nullif(source_file_en, '') as source_file_en,
    try_cast(nullif(source_line_en, '') as integer) as source_line_en
from raw.action_plan__commitments
