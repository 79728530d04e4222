-- Offending rows: an assessment or self-assessment that does not say where it comes from.
select assessed_id as item, report from core.assessments where coalesce(source, '') = ''
union all
select self_assessment_id, report from core.self_assessments where coalesce(source, '') = ''
