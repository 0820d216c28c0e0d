"""The one label dictionary: the words readers see for the codes the data uses.

The ledger and the tables speak in codes (`more_than`, `policy_amount`, `ai_core_industry_scale`,
`voucher_scheme`); readers never should. Chart labels, legends, tooltips and prose all turn a code
into words here, so a code is named the same way everywhere and a new code gets its words in one
place. `tests/story/test_labels.py` checks that no chart the chapters draw shows a code these
vocabularies define."""

from __future__ import annotations

from airace.data import schemas

# How sure a number is, as a prefix: "more than 2,600 firms". `exact` adds nothing.
QUALIFIERS = {code: term.words for code, term in schemas.QUALIFIERS.items()}

# What kind of figure a fact is. Targets stay targets, caps stay caps.
KINDS = {code: term.words for code, term in schemas.KINDS.items()}

# Units as words; counts ("firms", "models") are already words and pass through unchanged.
UNITS = {code: term.words for code, term in schemas.UNITS.items()}

# Indicators, named as a noun phrase that reads in a label or after a place: "Shenzhen: AI firms".
INDICATORS = {
    # policy race
    "ai_firms": "AI firms",
    "ai_unicorns": "AI unicorns",
    "ai_core_industry_scale": "core AI industry",
    "ai_leading_firms": "leading AI firms",
    "genai_models_filed": "filed generative-AI models",
    "government_ai_scenarios_opened": "government AI scenarios opened",
    "ai_firms_foundation_layer_share": "Foundation layer (chips, compute, data)",
    "ai_firms_technology_layer_share": "Technology layer (algorithms, models)",
    "ai_firms_application_layer_share": "Application layer (products, services)",
    # compute
    "total_compute": "total compute",
    "intelligent_compute_available": "intelligent compute available",
    "compute_platform_capacity": "one centre or platform",
    "compute_cluster_scale": "size of each compute cluster",
    "training_cost_share_compute": "A vertical-model maker: training costs",
    "inference_cost_share_compute": "A vertical-model maker: inference costs",
    "compute_share_of_budget": "Chengdu Shuzhilian: yearly budget (industrial model)",
    # data supply
    "industrygpt_training_scenarios": "IndustryGPT (SmartMore, Shenzhen): industrial scenarios",
    "industrygpt_training_images": "IndustryGPT: industrial images",
    "industrygpt_training_tokens": "IndustryGPT: text tokens",
    "knowledge_graph_entities": "Traditional-medicine knowledge graph (Chengdu): entities",
    "knowledge_graph_relations": "Traditional-medicine knowledge graph: relations",
    # targets the tracker follows, and what later reports measured instead
    "ai_compute_centres": "AI computing centres",
    "ai_demonstration_projects": "AI demonstration projects",
    "ai_innovation_platforms": "AI innovation platforms",
    "algorithm_malls": "algorithm malls",
    "algorithm_products": "algorithm products and cases",
    "municipal_st_spending_growth": "growth of the city's science and technology spending",
    "new_revenue_share_to_st": "share of new city revenue for science and technology",
    "industrial_policy_funds_share_to_new_productive_forces": "share of industrial-policy funds for new productive forces",
    "connected_vehicle_road_length": "connected-vehicle road network",
    "ai_related_industry_scale": "AI-related industry",
    "ai_industry_growth": "growth of the AI industry a year",
    "ai_industry_scale_growth": "growth of the AI industry",
    "ai_projects_attracted": "AI projects attracted",
    "ai_related_firms": "AI-related firms (a wider count)",
    "unicorns_all_sectors": "unicorns of every sector",
    "district_fund_matrix_size": "one district's funds, AI and other",
    # capital
    "ai_fund_group_size": "AI sub-fund group",
    "ai_fund_ecosystem_size": "AI fund ecosystem",
    "ai_subsidy_pool": "AI subsidy pool",
    "zhipu_round_amount": "Round raised",
    "zhipu_pre_money_valuation": "Pre-money valuation",
}

# Countable targets in prose, singular and plural: "one leading AI firm", "ten leading AI firms".
COUNT_NOUNS = {
    "ai_leading_firms": ("leading AI firm", "leading AI firms"),
    "ai_innovation_platforms": ("AI innovation platform", "AI innovation platforms"),
    "ai_demonstration_projects": ("AI demonstration project", "AI demonstration projects"),
    "algorithm_malls": ("algorithm mall", "algorithm malls"),
    "ai_compute_centres": ("AI computing centre", "AI computing centres"),
    "algorithm_products": ("algorithm product or case", "algorithm products and cases"),
}

# Amounts of very different kinds set side by side (capital chapter): whose money, and what it is.
AMOUNTS_WITH_OWNER = {
    "ai_subsidy_pool": "Qingdao: AI subsidy pool",
    "training_voucher_pool": "Shenzhen: training vouchers, a year (cap)",
    "zhipu_round_amount": "Zhipu: a funding round",
    "ai_fund_group_size": "Dongguan: AI sub-fund group (at least)",
    "bytedance_datacentre_investment": "ByteDance: data-centre clusters, 2025 (planned)",
}

# Kinds of policy document or event (data/raw/policy_events.csv, column instrument).
INSTRUMENTS = {code: term.words for code, term in schemas.INSTRUMENTS.items()}

# Periods that are not dates (data/raw/facts.csv, column period); "annual" reads as it is.
PERIODS = {"not_stated": "no period stated"}

# What a voucher pays for (the `compute` in compute_voucher_pool).
VOUCHER_KINDS = {"compute": "compute", "training": "training compute", "model": "model", "corpus": "corpus"}

# What came of a target (airace/story/tracker.py). Each status has words and a symbol, so colour is
# never the only carrier of meaning.
STATUSES = {
    "met": "Met", "met_early": "Met early", "not_met": "Not met", "progress": "Progress reported",
    "due_no_outcome": "Due, no outcome reported", "not_yet_due": "Not yet due", "cant_rate": "Can't rate",
    "superseded": "Superseded",
}
STATUS_SYMBOLS = {
    "met": "✓", "met_early": "✓", "not_met": "✗", "progress": "◐", "due_no_outcome": "?", "not_yet_due": "○",
    "cant_rate": "–", "superseded": "→",
}

VOCABULARIES = {
    "qualifier": QUALIFIERS, "kind": KINDS, "unit": UNITS, "indicator": INDICATORS,
    "instrument": INSTRUMENTS, "voucher kind": VOUCHER_KINDS, "period": PERIODS, "status": STATUSES,
    "relation": {code: term.words for code, term in schemas.RELATIONS.items()},
}


def words(code: str, vocabulary: str) -> str:
    """The words for `code` in one vocabulary; a code with no words is an error that names both,
    never a raw identifier on the page."""
    table = VOCABULARIES[vocabulary]
    if code not in table:
        raise KeyError(f"airace/story/labels.py has no words for the {vocabulary} {code!r}: add them there")
    return table[code]


def qualified(qualifier: str, text: str) -> str:
    """`text` with its hedge in front: ("more_than", "2,600 firms") -> "more than 2,600 firms"."""
    prefix = words(qualifier, "qualifier")
    return f"{prefix} {text}" if prefix else text


def hedge(qualifier: str) -> str:
    """A qualifier on its own, as a legend entry: "More than", "About", "Exact"."""
    return words(qualifier, "qualifier").capitalize() or "Exact"


def status(code: str) -> str:
    return words(code, "status")


def kind(code: str) -> str:
    return words(code, "kind")


def indicator(code: str) -> str:
    return words(code, "indicator")


def indicator_words(code: str) -> str:
    """An indicator in a table of every fact: its label where it has one, otherwise the code's words
    ('rd_personnel' -> 'rd personnel'), so no underscore reaches the page."""
    return INDICATORS.get(code, code.replace("_", " "))


def period(text: str) -> str:
    """A period as readers see it: a date, span or 'annual' unchanged, 'not_stated' in words."""
    return PERIODS.get(text, text)


def unit(code: str) -> str:
    """Units as words; count nouns ("firms") are words already."""
    return UNITS.get(code, code)


def count_noun(code: str, value: float) -> str:
    """The noun a count of `code` takes: singular for exactly one."""
    singular, plural = COUNT_NOUNS[code]
    return singular if value == 1 else plural


def codes() -> set[str]:
    """Every code whose words differ from the code itself: what must not reach a reader."""
    out = set()
    for table in VOCABULARIES.values():
        out |= {code for code, text in table.items() if code != text}
    out |= set(COUNT_NOUNS) | set(AMOUNTS_WITH_OWNER)
    return out
