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
    # the AI industry: size, revenue and growth
    "ai_industry_scale": "AI industry size",
    "ai_industry_revenue": "AI industry revenue",
    "ai_industry_revenue_growth": "growth of AI industry revenue",
    "ai_industry_cagr_3y": "compound yearly growth of the AI industry over three years",
    "ai_above_scale_firm_revenue": "AI industry revenue, firms above the statistical size threshold",
    "ai_core_industry_revenue": "core AI industry revenue",
    "above_scale_ai_core_industry_revenue": "core AI industry revenue, firms above the statistical size threshold",
    "ai_core_industry_growth": "growth of the core AI industry",
    "ai_value_added_growth": "growth of the AI industry's value added",
    "ai_manufacturing_output_growth": "growth of AI manufacturing output",
    "ai_terminal_industry_scale": "AI device industry size",
    "ai_industry_competitiveness_rank_central_west": "AI industry competitiveness, rank among central and western cities",
    "high_tech_zone_share_of_city_ai": "High-tech Zone's share of the city's AI industry",
    # firms and organisations
    "ai_core_firms": "core AI firms",
    "ai_key_firms": "key AI firms",
    "ai_segment_leading_firms": "influential AI firms in niche fields",
    "ai_and_robotics_firms": "AI and robotics firms",
    "ai_organisations": "AI organisations (firms and other registered bodies)",
    "ai_organisations_national_share": "share of China's AI organisations",
    "model_related_firms": "firms related to large models",
    "model_related_firms_mid_high_end": "mid- and high-end firms related to large models",
    "firms_in_technology_layer": "share of large-model firms in the technology layer",
    "ai_tigers_based_in_beijing_or_shanghai": "'AI tigers' based in Beijing or Shanghai",
    "ai_tigers_based_in_province": "'AI tigers' based in the province",
    "little_dragons_in_chengxi_corridor_share": "share of the six 'little dragons' in the Chengxi science corridor",
    "firms_named_at_new_year_meeting": "star firms the party secretary named at the year's first meeting",
    "symposium_participants": "firms, universities, research platforms and institutes whose heads spoke at the party secretary's symposium",
    "customers_outside_province": "share of Chengdu Shuzhilian's customers outside Sichuan",
    "hkust_gz_first_undergraduate_programmes":
        "first undergraduate programmes of the Hong Kong University of Science and Technology (Guangzhou)",
    # models
    "models_released": "large models released",
    "leading_models": "top large models",
    "segment_models": "large models for niche fields",
    # AI parks, bases and zones
    "ai_park_area": "AI park area",
    "ai_park_firms": "AI firms in the AI park",
    "ai_park_key_projects": "key AI projects in the AI park",
    "ai_park_little_giants": "'little giant' firms in the AI park",
    "ai_park_national_platforms": "national technology platforms in the AI park",
    "ai_park_revenue": "AI park revenue",
    "ai_park_revenue_growth": "growth of AI park revenue",
    "ai_main_bases": "main bases of the AI industry plan (cities)",
    "ai_collaborative_sites": "cooperating sites of the AI industry plan (cities)",
    "ai_application_fields_early_lead": "AI application fields with an early lead",
    "national_ai_application_pilot_zone_rank": "place in the order of national AI innovation-application pilot zones",
    "ai_medical_device_projects_selected": "projects on the national list of AI medical-device winners",
    "ai_medical_device_city_rank": "city rank on the national list of AI medical-device winners",
    "humanoid_robot_models_shown": "humanoid robot models shown together",
    # policies, scenarios and what they announce
    "policy_documents_issued": "policy documents issued",
    "ai_policy_measures": "measures in the AI policy",
    "ai_plus_application_domains": "fields for flagship 'AI+' application projects",
    "ai_scenario_lists_published": "'City + AI' scenario lists published",
    "published_ai_scenarios": "AI application scenarios in the published lists",
    "ai_manufacturing_scenarios": "demonstration scenarios for AI in advanced manufacturing",
    # AI in use
    "autonomous_bus_riders_weekday": "driverless minibus riders on an average working day",
    "autonomous_bus_riders_weekend": "driverless minibus riders on a day off",
    # views, not measurements
    "official_view_market_share_of_tasks": "share of tasks the market can handle, in an official's view",
    # compute
    "total_compute": "total compute",
    "intelligent_compute_available": "intelligent compute available",
    "compute_platform_capacity": "one centre or platform",
    "compute_cluster_scale": "size of each compute cluster",
    "training_cost_share_compute": "A vertical-model maker: training costs",
    "inference_cost_share_compute": "A vertical-model maker: inference costs",
    "compute_share_of_budget": "Chengdu Shuzhilian: yearly budget (industrial model)",
    "annual_compute_spend": "a vertical-model maker's yearly spending on compute",
    "compute_scale": "compute capacity (all kinds)",
    "compute_single_project": "compute deployed in one project",
    "compute_centre_investment_plan": "planned investment in intelligent-computing centres",
    "compute_centre_server_rooms": "modular server rooms in the AI computing centre",
    "compute_used_located_outside": "share of the compute it uses that sits outside the city",
    "firm_compute_demand_growth": "growth of firms' demand for compute",
    "global_ai_compute_demand_growth": "yearly growth of world demand for AI compute",
    "intelligent_compute_utilisation": "average use rate of intelligent-computing centres",
    "supercomputer_capacity": "supercomputing centre capacity",
    "supercomputer_utilisation": "supercomputing centre use rate",
    "supercomputer_ai_share": "share of supercomputing use for large-model training or inference",
    "total_compute_growth": "average yearly growth of total compute over five years",
    "total_compute_world_rank": "world rank in total compute",
    "national_data_infrastructure_pilot_tasks": "national data-infrastructure pilot tasks taken on",
    "liquid_cooling_power_saved": "electricity saved a year by liquid cooling at a data centre (Lenovo's claim)",
    # making and running models: cost, speed, accuracy
    "training_cost_vs_international_peers": "training cost against international peers",
    "training_run_cost_low": "cost of one large-model training run, low end",
    "training_run_cost_high": "cost of one large-model training run, high end",
    "training_time_reduction": "cut in training time",
    "training_efficiency_vs_a100_before": "training efficiency on Ascend 910B against Nvidia A100, at the start",
    "training_efficiency_vs_a100_after": "training efficiency on Ascend 910B against Nvidia A100, after improvement",
    "inference_cost_reduction": "cut in inference cost",
    "inference_efficiency_gain": "gain in inference efficiency",
    "industrial_defect_detection_accuracy": "accuracy of industrial defect detection",
    "pest_identification_accuracy": "accuracy of pest and disease identification",
    "chip_to_application_cycle": "time from chip design to deployment at its fastest, in an executive's account",
    "chip_project_partner_organisations": "organisations behind Intellifusion's DeepEdge10 chip",
    "deployed_model_parameters": "parameters of a large model the district deployed",
    # data supply
    "industrygpt_training_scenarios": "IndustryGPT (SmartMore, Shenzhen): industrial scenarios",
    "industrygpt_training_images": "IndustryGPT: industrial images",
    "industrygpt_training_tokens": "IndustryGPT: text tokens",
    "knowledge_graph_entities": "Traditional-medicine knowledge graph (Chengdu): entities",
    "knowledge_graph_relations": "Traditional-medicine knowledge graph: relations",
    "knowledge_graph_curation_years": "years spent building the traditional-medicine knowledge graph",
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
    "connected_vehicle_test_road_length": "connected-vehicle test roads",
    "municipal_budget_for_st_talent_policy_package":
        "city budget for the education, science and talent part of the policy package",
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
    "zhipu_round_amount": "funding round of Zhipu, a Beijing model maker (the round's total)",
    "zhipu_pre_money_valuation": "pre-money valuation of Zhipu, a Beijing model maker, in a funding round",
    "bytedance_ai_chip_investment": "ByteDance's investment in AI chips",
    "bytedance_datacentre_investment": "ByteDance's investment in data-centre clusters",
    # vouchers and rewards: a pool, a cap per firm, the share of a bill a voucher pays
    "compute_voucher_pool": "compute voucher pool",
    "compute_voucher_per_firm": "compute voucher per firm",
    "compute_voucher_rate": "share of compute fees a voucher pays",
    "training_voucher_pool": "training-compute voucher pool",
    "training_voucher_per_firm": "training-compute voucher per firm",
    "training_voucher_rate": "share of training-compute contracts a voucher pays",
    "training_voucher_rate_startups": "share of training-compute contracts a voucher pays, for start-ups",
    "model_voucher_pool": "model voucher pool",
    "model_voucher_per_firm": "model voucher per firm",
    "corpus_voucher_pool": "corpus voucher pool",
    "corpus_voucher_per_firm": "corpus voucher per firm",
    "corpus_voucher_rate": "share of corpus purchases a voucher pays",
    "open_corpus_reward_per_source": "reward per data source that opens its corpus",
    # the economy, industry and R&D
    "rd_expenditure": "R&D spending",
    "rd_intensity": "R&D intensity (share of GDP)",
    "rd_personnel": "R&D personnel",
    "rd_personnel_national_share": "share of China's R&D personnel",
    "digital_economy_core_value_added": "value added of the core digital economy",
    "electronics_cluster_scale": "electronics and IT industry cluster size",
    "industrial_firms_above_size": "industrial firms above the statistical size threshold",
    "industrial_firms_above_size_national_share":
        "share of China's industrial firms above the statistical size threshold",
    "industrial_value_added": "industrial value added, firms above the statistical size threshold",
    "manufacturing_value_added_national_share": "share of China's manufacturing value added",
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
    "ai_fund_group_size": "Dongguan: AI sub-fund group",
    "bytedance_datacentre_investment": "ByteDance: data-centre clusters, 2025 (planned)",
}

# Figures whose base is wider than their indicator's words, by ledger row, as the article gives
# them: Chengdu's 2024 core-industry size and growth come in one sentence about AI and robotics
# together (Sichuan outlet: 2024年,成都市人工智能与机器人已聚集超1000家企业,核心产业规模突破1000亿元、
# 同比增长约39%). Said beside the figure wherever it is shown, above all beside an AI-only target.
WIDER_BASES = {
    "SC-009": "AI and robotics together",
    "SC-010": "AI and robotics together",
}

# Figures a source prints wrongly, kept as printed (conflicting figures stay visible) and said to
# be so beside the figure: the editorial feature gives Qingdao's city-wide AI revenue for 2023
# (672.6亿元, Xinhua) as the AI park's, for which Xinhua gives 300亿元.
SOURCE_ERRORS = {
    "FEA-005": "as the feature prints it; Xinhua gives this figure for the whole city's AI industry",
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
    """An indicator in a table of every fact or in a sentence: its label. There is no fallback to the
    code's own words ('rd_personnel' -> 'rd personnel'): a code without a label is an error that
    names it, so a new code never reaches a page as a field name."""
    if code not in INDICATORS:
        raise KeyError(f"airace/story/labels.py has no words for the indicator {code!r}: "
                       "add them to labels.INDICATORS")
    return INDICATORS[code]


def period(text: str) -> str:
    """A period as readers see it: a date, span or 'annual' unchanged, 'not_stated' in words."""
    return PERIODS.get(text, text)


def by_period(text: str) -> str:
    """When a target falls due, after its value: 'by 2027', or 'with no year stated' (never
    'by no period stated')."""
    return "with no year stated" if text in ("not_stated", "", None) else f"by {period(text)}"


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
