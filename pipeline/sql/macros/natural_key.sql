-- Sort key that compares the digit runs of a text as numbers: AP_FRA01-2 before AP_FRA01-10.
-- Each run becomes {kind, length, text}: digits (kind 0) before other text (kind 1), as a
-- number compares first by its length without leading zeros, then digit by digit; so runs
-- of any length compare as numbers, with no cast that could overflow.
create or replace temp macro natural_key(value) as list_transform(
    regexp_extract_all(coalesce(value, ''), '\d+|\D+'),
    lambda run: case
        when regexp_full_match(run, '\d+') then {'kind': 0, 'length': length(ltrim(run, '0')), 'text': ltrim(run, '0')}
        else {'kind': 1, 'length': 0, 'text': run}
    end
);
