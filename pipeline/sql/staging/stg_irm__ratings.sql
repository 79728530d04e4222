-- One row per IRM rating: an export row, a report and an indicator, with its vocabulary code.
create or replace view staging.stg_irm__ratings as
select
    row_key,
    nullif(ogp_id, '') as ogp_id,
    report,
    -- ND, NR and NA in a year column say the year is not known
    try_cast(report_year as integer) as report_year,
    indicator,
    code,
    report_basis,
    source,
    source_file,
    cast(source_line as integer) as source_line
from raw.irm__ratings
