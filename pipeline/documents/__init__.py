"""The documents made from the published tables, each named for what it makes: the data
dictionary (`dictionary`), the citation (`citation`), the workbook (`workbook`), plan.json and
its JSON Schema (`plan_json`), the plan's web page (`plan_html`) and its charts (`charts`)."""
