-- One row per institution named on a commitment page, with its role.
create or replace view staging.stg_action_plan__institutions as
select
    -- OGP numbering may be hierarchical (1.1, 1.2), so numbers stay text
    trim(number) as number,
    role,
    cast(position as integer) as position,
    -- the same institution is spelt with ' or ’ on different OGP pages
    trim(replace(name, '’', '''')) as name,
    -- the key folds case, accents and punctuation: "Digital Sector" and "Digital sector" are one
    trim(regexp_replace(lower(strip_accents(replace(name, '’', ''''))), '[^a-z0-9]+', '-', 'g'), '-') as institution_id,
    nullif(trim(source), '') as source,
    source_file,
    cast(source_line as integer) as source_line
from raw.action_plan__institutions
