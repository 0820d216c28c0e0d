"""What a valid table looks like: allowed vocabularies for the facts ledger, and Frictionless
table schemas (fields, types, units, descriptions) for every clean table."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One code of a vocabulary: the words readers see (airace/story/labels.py) and what it means
    for authors (the allowed values of the raw tables). One home for both, so they cannot drift."""
    words: str
    meaning: str


# ---------------------------------------------------------------------------------------------
# The facts ledger (data/raw/facts.csv)

FACT_COLUMNS = (
    "fact_id", "source_id", "region_as_written", "region_code", "indicator", "value", "unit",
    "value_as_written", "period", "kind", "qualifier", "stated", "chapter", "quote", "note",
)
# Values are stored in base units: yuan not 亿元, PFLOPS not EFLOPS or "P".
UNITS = {
    'CNY': Term('yuan', 'Chinese yuan'),
    'USD': Term('US dollars', 'US dollars'),
    'PFLOPS': Term('PFLOPS', 'petaflops (10^15 operations per second)'),
    'percent': Term('%', 'percent (0-100)'),
    'firms': Term('firms', 'firms'),
    'models': Term('models', 'models'),
    'organisations': Term('organisations', 'organisations'),
    'scenarios': Term('scenarios', 'application scenarios'),
    'documents': Term('documents', 'policy documents'),
    'parameters': Term('parameters', 'model parameters'),
    'domains': Term('domains', 'application domains'),
    'projects': Term('projects', 'projects'),
    'platforms': Term('platforms', 'platforms'),
    'centres': Term('centres', 'centres'),
    'products': Term('products', 'products'),
    'measures': Term('measures', 'policy measures'),
    'cities': Term('cities', 'cities'),
    'rooms': Term('rooms', 'server rooms'),
    'passengers': Term('passengers', 'passengers'),
    'km': Term('km', 'kilometres'),
    'mu': Term('mu', 'mu (1/15 hectare)'),
    'rank': Term('rank', 'rank (1 = first)'),
    'entities': Term('entities', 'knowledge-graph entities'),
    'relations': Term('relations', 'knowledge-graph relations'),
    'images': Term('images', 'images'),
    'tokens': Term('tokens', 'tokens'),
    'years': Term('years', 'years'),
    'people': Term('people', 'people'),
    'tasks': Term('tasks', 'tasks'),
    'kWh': Term('kWh', 'kilowatt-hours'),
    'months': Term('months', 'months'),
    'lists': Term('lists', 'lists'),
    'fields': Term('fields', 'application fields'),
    'programmes': Term('programmes', 'degree programmes'),
}
KINDS = {
    'actual': Term('Reported', 'an outcome reported as having happened'),
    'target': Term('Target', 'a goal for a future date; not an outcome'),
    'cap': Term('Cap', "a ceiling ('up to', 'not more than'): not an amount spent"),
    'policy_amount': Term('Policy amount', 'an amount or count set by a policy or plan'),
    'share': Term('Share', 'a proportion of a whole'),
    'plan': Term('Plan', 'an amount a company or government is reported to plan to spend: not an outcome, not money set by a policy'),
}
QUALIFIERS = {
    'exact': Term('', 'as stated'),
    'more_than': Term('more than', '超, 以上, 余, 多: more than'),
    'less_than': Term('less than', '不到: less than'),
    'about': Term('about', '约, 近, 左右: about'),
    'up_to': Term('up to', '最高, 不超过: up to'),
    'at_least': Term('at least', '不少于, 以上: at least'),
}
CHAPTER_KEYS = ("policy", "compute", "data", "capital")
# Optional in the raw ledgers (absent means empty): a passage's original wording where the copy read
# was machine-reworded and a repost of the original was found, with the page it was read on.
QUOTE_ORIGINAL_COLUMNS = ("quote_original", "quote_original_url")

FACT_ID = re.compile(r"^[A-Z]{2,4}-\d{3}$")
INDICATOR = re.compile(r"^[a-z][a-z0-9_]*$")
# A period is a date (2025, 2025-03, 2025-03-31), a range of them (2025/2026), 'annual' (the source
# says per year) or 'not_stated' (the source gives no time basis: a per-firm cap, a rate, a start level).
_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"
PERIOD = re.compile(rf"^({_DATE}(/{_DATE})?|annual|not_stated)$")
STATED = re.compile(rf"^{_DATE}$")

# ---------------------------------------------------------------------------------------------
# The follow-up ledger (data/raw/outcomes.csv): what later reports said of the targets

OUTCOME_COLUMNS = (
    "outcome_id", "answers", "relation", "follows", "supersedes", "source_id", "region_as_written", "region_code", "indicator",
    "value", "unit", "value_as_written", "period", "kind", "qualifier", "stated", "same_measure", "quote", "note",
)
# How a later figure bears on a target of the facts ledger (the one it `answers`).
RELATIONS = {
    "outcome": Term("Outcome", "a figure for the target's own period, published after the target was set"),
    "progress": Term("Progress", "a figure for part of the way (an earlier year, part of a year), published after the target was set"),
    "estimate": Term("Estimate", "an expected value, not an outturn: never rates a target"),
    "baseline": Term("Starting point", "a figure published before the target was set, or for a period before it"),
    "restatement": Term("Target restated", "the target as a later or official text words it: not an outcome"),
    "new_target": Term("New target", "a target set later by the same place: `follows` names the ledger target whose measure it "
                                     "carries to a further date, `supersedes` the one it replaces"),
    "context": Term("For comparison", "a figure that answers no ledger target, for comparison"),
}
OUTCOME_ID = re.compile(r"^OUT-\d{3}$")

EVENT_COLUMNS = ("event_id", "source_id", "region_as_written", "region_code", "date", "date_basis",
                 "instrument", "title_zh", "title_en", "quote", "note")
INSTRUMENTS = {
    'action_plan': Term('Action plan', 'action plan (行动方案, 行动计划)'),
    'implementation_plan': Term('Implementation plan', 'implementation plan (实施方案)'),
    'implementation_opinions': Term('Implementation opinions', 'implementation opinions (实施意见)'),
    'work_plan': Term('Work plan', 'work plan (工作方案)'),
    'policy_measures': Term('Policy measures', 'policy measures (措施, 一号文)'),
    'voucher_scheme': Term('Voucher scheme', 'voucher scheme (券)'),
    'funding_rule': Term('Funding rule', 'funding rule'),
    'meeting': Term('Agenda-setting meeting', 'meeting that set the agenda'),
    'fund': Term('Fund set up', 'a fund or special fund set up by a government'),
    'spending_plan': Term('Planned public investment', 'planned public investment'),
    'national_designation': Term('National designation', 'a national designation of a place (pilot zone, test area)'),
}
EVENT_ID = re.compile(r"^EV-\d{3}$")

SOURCE_COLUMNS = ("source_id", "kind", "producer", "title_zh", "title_en", "published", "language",
                  "authors", "url", "licence", "file", "note")
# Optional in the source registry: where the copy read came from, and what kind of copy it is.
SOURCE_OPTIONAL_COLUMNS = ("copy_read", "copy_kind")
COPY_KINDS = {
    "original": "the outlet's own page or print text",
    "aggregator": "a site's summary or paraphrase of another outlet's report: its numbers, not its wording",
    "repost": "the original wording, reposted by another site",
    "reworded": "machine-reworded: its wording is not the outlet's and is never quoted",
}
REGION_COLUMNS = ("code", "level", "parent_code", "name_zh", "name_zh_hant", "name_en", "category", "aliases")
# The role of a row in a complete province table (airace/data/complete.py).
ROLES = {
    "shown": "the value the book shows for this province, indicator and period",
    "crosscheck": "a second source for a shown value, kept and compared, not shown",
    "national": "the national total the source prints",
    "not_a_province": "a row with no place (central state-owned firms' filings), kept off maps",
}
REGION_LEVELS = ("country", "province", "city", "district", "none")

# ---------------------------------------------------------------------------------------------
# Clean tables: Frictionless Table Schema descriptors, written into datapackage.json

FIELD_DESCRIPTIONS = {
    "fact_id": "Stable identifier of the fact: source prefix and number",
    "source_id": "Identifier of the source record in sources.csv",
    "region_code": "GB/T 2260 code of the place (100000 = China, 000000 = not place-specific)",
    "region_en": "English name of the place",
    "region_zh": "Simplified Chinese name of the place",
    "region_level": "country, province, city, district or none",
    "province_code": "GB/T 2260 code of the provincial-level division the place lies in",
    "region_as_written": "The place as the source writes it",
    "indicator": "What is measured (snake_case)",
    "value": "The value in base units (yuan, PFLOPS, percent, counts)",
    "unit": "Unit of value",
    "value_as_written": "The number as the source writes it, e.g. 5億元 or 10000P",
    "period": "The date or span the value refers to",
    "kind": "actual, target, cap, policy_amount or share",
    "qualifier": "exact, more_than, less_than, about, up_to or at_least",
    "stated": "When the source stated the value (year, month or day)",
    "date_by": "The latest day the event's date can stand for",
    "instrument": "Kind of policy instrument or event",
    "stated_by": "The latest day the statement can date from: used to select facts known by a date",
    "chapter": "The chapter the fact belongs to",
    "quote": "Short verbatim quote from the copy read that contains the number (kept as printed, glosses and rewording included)",
    "quote_original": "The passage's original wording, where the copy read was reworded and a repost of the original was read",
    "quote_original_url": "The page the original wording was read on",
    "quote_shown": "The Chinese a page prints: the display form (glosses removed, simplified) of the original wording or of a quote from an unreworded copy; empty when none may be shown",
    "copy_read": "Where the copy of the article that was read came from",
    "copy_kind": "original, repost or reworded (a reworded copy is never quoted)",
    "note": "Context, definitions and known conflicts",
    "source": "Short citation: producer and date",
    "gb_code": "GB/T 2260 code of the province as given by the compiler",
    "value_cny": "Amount in yuan (amount in 100 million CNY times 10^8)",
    "fund_name_en": "English name of the fund (this project's translation)",
    "flag": "The compiler's caveats: conflicts, reposts, doubts",
    "source_url": "Page the row was taken from",
    "publisher": "Publisher of that page",
    "pub_date": "Publication date of that page",
    "lon": "Longitude of the place's representative point (degrees east)",
    "lat": "Latitude of the place's representative point (degrees north)",
    "value_as_printed": "The value exactly as the source prints it (trailing zeros kept)",
    "value_base": "The value in base units: yuan, percent, people or a count",
    "base_unit": "Unit of value_base",
    "role": "shown (the value the book shows), crosscheck (a second source), national (the total), "
            "not_a_province (central state-owned firms' filings)",
    "caveat": "What the source's flag means for a reader: implied zero, single transcription, missing",
    "title": "Title of the source table or text",
    "url": "Page the value was read from; a bracket names the archived copy actually read",
    "date_published": "Publication date of the source",
    "source_file": "The raw file the row comes from",
}
NUMERIC_FIELDS = {"value", "value_base", "value_cny", "amount_value", "annual_or_total_amount_value", "lon", "lat",
                  "n_ai_innovation_dev_pilot_zones", "n_ai_application_pilot_areas"}


def table_schema(columns, primary_key: str | None = None) -> dict:
    fields = []
    for column in columns:
        field = {"name": column, "type": "number" if column in NUMERIC_FIELDS else "string"}
        if column in FIELD_DESCRIPTIONS:
            field["description"] = FIELD_DESCRIPTIONS[column]
        fields.append(field)
    schema = {"fields": fields}
    if primary_key:
        schema["primaryKey"] = [primary_key]
    return schema


def province_table_schema(columns) -> dict:
    """The complete province tables: a region for every row, no negative value, a known role."""
    schema = table_schema(columns)
    for field in schema["fields"]:
        if field["name"] in ("value", "value_base"):
            field["constraints"] = {"minimum": 0}
        elif field["name"] == "role":
            field["constraints"] = {"required": True, "enum": sorted(ROLES)}
        elif field["name"] in ("region_code", "indicator", "period", "source_file"):
            field["constraints"] = {"required": True}
    return schema


def facts_schema() -> dict:
    schema = table_schema(CLEAN_FACT_COLUMNS, primary_key="fact_id")
    for field in schema["fields"]:
        if field["name"] == "unit":
            field["constraints"] = {"enum": sorted(UNITS)}
        elif field["name"] == "kind":
            field["constraints"] = {"enum": sorted(KINDS)}
        elif field["name"] == "qualifier":
            field["constraints"] = {"enum": sorted(QUALIFIERS)}
        elif field["name"] == "value":
            field["constraints"] = {"minimum": 0, "required": True}
        elif field["name"] in ("fact_id", "source_id", "region_code", "quote"):
            field["constraints"] = {"required": True}
    return schema


CLEAN_FACT_COLUMNS = (
    "fact_id", "source_id", "source", "region_code", "region_en", "region_zh", "region_level",
    "province_code", "region_as_written", "indicator", "value", "unit", "value_as_written", "period",
    "kind", "qualifier", "stated", "stated_by", "chapter", "quote", "quote_original", "quote_original_url",
    "quote_shown", "note",
)


# ---------------------------------------------------------------------------------------------
# Raw tables: the same rules as Frictionless Table Schemas, applied to data/raw before cleaning.
# What a schema can say (types, required, unique, patterns, allowed values) is said here once;
# cleaning.py keeps only what needs code (places, dates that exist, cross-table references).

def _field(name: str, type_: str = "string", **constraints) -> dict:
    field = {"name": name, "type": type_}
    if name in FIELD_DESCRIPTIONS:
        field["description"] = FIELD_DESCRIPTIONS[name]
    if constraints:
        field["constraints"] = constraints
    return field


def _bare(pattern: re.Pattern) -> str:
    """Frictionless anchors patterns itself."""
    return pattern.pattern.removeprefix("^").removesuffix("$")


_SUPPLEMENTARY_FIELDS = [
    *(_field(name, "number") for name in sorted(NUMERIC_FIELDS - {"value_cny", "lon", "lat"})),
    _field("gb_code", pattern=r"\d{6}"),
]

# The units each supplementary table writes (by its name in cleaning.SUPPLEMENTARY), spelled
# exactly as the table spells them. The pages select rows by unit (an amount becomes yuan only
# when its unit is "100 million CNY..."), so a unit written another way (亿元) would not fail:
# its row would drop out of the page unseen. An empty unit stays allowed (a voucher with no amount).
SUPPLEMENTARY_UNITS = {
    "funds": ("100 million CNY",),
    "vouchers": ("100 million CNY", "100 million CNY per year", "100 million CNY per year (max)"),
    "industry_scale": ("% of 1367 Yangtze-Delta AI firms", "100 million CNY", "firms", "index score", "rank"),
    "compute_indicators": ("EFLOPS", "PFLOPS", "PFLOPS (FP16)", "order of listing among leaders",
                           "rank (1 = best), top-10 only", "rank (top-10 only)", "rank band", "standard racks",
                           "standard racks (designed)"),
    "gdp": ("100 million CNY (亿元)",),
    "rd_expenditure": ("% of GDP", "100 million CNY (亿元)"),
    "genai_filings": ("algorithms (项)", "base models", "models", "models (个)", "models (款)", "products",
                      "products (款)", "services", "services (款)"),
    "genai_filings_national": ("algorithms (项)", "apps (款)", "models", "models (个)", "services", "services (款)"),
}

RAW_SCHEMAS = {
    "facts": {"fields": [
        _field("fact_id", required=True, unique=True, pattern=_bare(FACT_ID)),
        _field("source_id", required=True),
        _field("indicator", required=True, pattern=_bare(INDICATOR)),
        _field("value", "number", required=True, minimum=0),
        _field("unit", required=True, enum=sorted(UNITS)),
        _field("period", required=True, pattern=_bare(PERIOD)),
        _field("kind", required=True, enum=sorted(KINDS)),
        _field("qualifier", required=True, enum=sorted(QUALIFIERS)),
        _field("stated", required=True, pattern=_bare(STATED)),
        _field("chapter", required=True, enum=list(CHAPTER_KEYS)),
        _field("quote", required=True),
    ]},
    "outcomes": {"fields": [
        _field("outcome_id", required=True, unique=True, pattern=_bare(OUTCOME_ID)),
        _field("relation", required=True, enum=sorted(RELATIONS)),
        _field("source_id", required=True),
        _field("region_code", required=True, pattern=r"\d{6}"),
        _field("indicator", required=True, pattern=_bare(INDICATOR)),
        _field("value", "number", required=True, minimum=0),
        _field("unit", required=True, enum=sorted(UNITS)),
        _field("period", required=True, pattern=_bare(PERIOD)),
        _field("kind", required=True, enum=["actual", "estimate", "target"]),
        _field("qualifier", required=True, enum=sorted(QUALIFIERS)),
        _field("stated", required=True, pattern=_bare(STATED)),
        _field("same_measure", required=True, enum=["yes", "no"]),
        _field("quote", required=True),
    ]},
    "policy_events": {"fields": [
        _field("event_id", required=True, unique=True, pattern=_bare(EVENT_ID)),
        _field("source_id", required=True),
        _field("date", required=True, pattern=_bare(STATED)),
        _field("instrument", required=True, enum=sorted(INSTRUMENTS)),
        _field("title_zh", required=True), _field("title_en", required=True), _field("quote", required=True),
    ]},
    "sources": {"fields": [
        _field("source_id", required=True, unique=True),
        _field("kind", required=True, enum=["article", "followup", "geometry", "table"]),
        _field("producer", required=True), _field("published", required=True), _field("licence", required=True),
    ]},
    "regions": {"fields": [
        _field("code", required=True, unique=True, pattern=r"\d{6}"),
        _field("level", required=True, enum=list(REGION_LEVELS)),
    ]},
    # Every supplementary table: its numbers are numbers, its province codes six digits (columns a
    # table lacks are skipped).
    "supplementary": {"fields": _SUPPLEMENTARY_FIELDS},
    # A supplementary table with a unit column: the same, and its units from its own vocabulary.
    **{f"supplementary/{name}": {"fields": [*_SUPPLEMENTARY_FIELDS, _field("unit", enum=list(units))]}
       for name, units in SUPPLEMENTARY_UNITS.items()},
}

# The sentence an author reads when a rule fails: (field, rule) -> problem. Other failures quote
# Frictionless's own note.
RAW_PROBLEMS = {
    ("fact_id", "unique"): "duplicate fact id", ("fact_id", "pattern"): "fact ids look like CNW-001",
    ("indicator", "pattern"): "indicators are snake_case",
    ("value", "type"): "not a number", ("value", "required"): "not a number",
    ("value", "minimum"): "negative amount: values are stored as positive magnitudes",
    ("unit", "enum"): f"unknown unit; allowed: {', '.join(sorted(UNITS))}",
    **{("unit", "enum", f"supplementary/{name}"): f"not in this table's unit vocabulary (a unit spelled another "
       f"way is read as a different unit); allowed: {'; '.join(units)}" for name, units in SUPPLEMENTARY_UNITS.items()},
    ("period", "pattern"): "expected YYYY, YYYY-MM, YYYY-MM-DD, a range A/B, or 'annual'",
    ("kind", "enum"): f"unknown kind; allowed: {', '.join(KINDS)}",
    ("qualifier", "enum"): f"unknown qualifier; allowed: {', '.join(QUALIFIERS)}",
    ("stated", "pattern"): "expected a date written YYYY, YYYY-MM or YYYY-MM-DD",
    ("date", "pattern"): "expected a date written YYYY, YYYY-MM or YYYY-MM-DD",
    ("chapter", "enum"): f"unknown chapter; allowed: {', '.join(CHAPTER_KEYS)}",
    ("quote", "required"): "missing quote: every fact needs the verbatim sentence it comes from",
    ("event_id", "unique"): "event ids look like EV-001 and are unique",
    ("outcome_id", "unique"): "outcome ids look like OUT-001 and are unique",
    ("outcome_id", "pattern"): "outcome ids look like OUT-001 and are unique",
    ("relation", "enum"): f"unknown relation; allowed: {', '.join(RELATIONS)}",
    ("same_measure", "enum"): "same_measure is yes or no: does the figure measure what the target measures?",
    ("event_id", "pattern"): "event ids look like EV-001 and are unique",
    ("instrument", "enum"): f"unknown instrument; allowed: {', '.join(INSTRUMENTS)}",
    ("source_id", "unique"): "duplicate source id", ("source_id", "required"): "empty source id",
    ("kind", "enum", "sources"): "kind must be article, followup, table or geometry",
    ("producer", "required"): "every source needs a producer, licence and date",
    ("published", "required"): "every source needs a producer, licence and date",
    ("licence", "required"): "every source needs a producer, licence and date",
    ("code", "unique"): "duplicate region code", ("code", "pattern"): "a GB/T 2260 code has six digits",
    ("level", "enum"): f"level must be one of {REGION_LEVELS}",
    ("gb_code", "pattern"): "unknown region code",
    (None, "blank-row"): "an empty row: delete it",
    **{(name, "type"): "not a number" for name in NUMERIC_FIELDS},
}
