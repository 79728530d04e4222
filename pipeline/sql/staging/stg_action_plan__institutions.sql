-- One row per institution named in a part of a commitment, with its role.
create or replace view staging.stg_action_plan__institutions as
select
    -- OGP numbering may be hierarchical (1.1, 1.2), so numbers stay text
    trim(number) as number,
    coalesce(try_cast(nullif(part, '') as integer), 1) as part,
    role,
    cast(position as integer) as position,
    -- the same institution is spelt with ' or ’ on different pages
    trim(replace(name, '’', '''')) as name,
    nullif(trim(replace(name_fr, '’', '''')), '') as name_fr,
    -- the key folds case, accents and punctuation: "Digital Sector" and "Digital sector" are one
    trim(regexp_replace(lower(strip_accents(replace(name, '’', ''''))), '[^a-z0-9]+', '-', 'g'), '-') as institution_id,
    nullif(trim(source), '') as source,
    source_file,
    cast(source_line as integer) as source_line
from raw.action_plan__institutions
