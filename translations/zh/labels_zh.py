"""简体中文版的标签词表：与 airace/story/labels.py、airace/data/schemas.py 中读者可见的词表一一对应。

Simplified Chinese words for every code the English edition turns into words. Each dict has exactly
the keys of its English counterpart (checked at the bottom: run this file with the project's Python).

Conventions (see /work/zh-drafts/glossary.csv and NOTES.md):
- Terms follow the Chinese sources' own wording wherever they have one (算力券, 训力券, 语料券, 模型券,
  智能算力, 人工智能核心产业, 备案, 奖补资金池, 子基金群 ...).
- Targets stay 目标, caps stay 上限 (the qualifier word for a cap is 最高), proposals stay 提出/提议.
- INDICATORS_ZH are noun phrases that read after a place name, as "深圳：人工智能企业" or
  "深圳人工智能企业".
- Chinese needs no space between a hedge and its number ("超过2600家企业"): labels.qualified() joins
  them with a space, which a Chinese edition should drop.
- No English value holds a format field ({...}); none is added here.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# From airace/data/schemas.py (the `words` of each Term)

# 数字的把握程度，作前缀："超过2600家企业"。exact 不加任何词。
QUALIFIERS_ZH = {
    "exact": "",
    "more_than": "超过",
    "less_than": "不到",
    "about": "约",
    "up_to": "最高",
    "at_least": "不少于",
}

# 图例中单独出现的限定词（labels.hedge() 对 exact 返回 "Exact"）。
HEDGE_EXACT_ZH = "确数"

# 数字的类型。目标仍是目标，上限仍是上限。
KINDS_ZH = {
    "actual": "实际（据报道）",
    "target": "目标",
    "cap": "上限",
    "policy_amount": "政策设定值",
    "share": "占比",
    "plan": "计划投入",
}

# 单位：跟在数字后面，计数单位带量词（"2600家企业"、"5个领域"）。
UNITS_ZH = {
    "CNY": "元",
    "USD": "美元",
    "PFLOPS": "PFLOPS",
    "percent": "%",
    "firms": "家企业",
    "models": "个模型",
    "organisations": "家机构",
    "scenarios": "个场景",
    "documents": "份文件",
    "parameters": "个参数",
    "domains": "个领域",
    "projects": "个项目",
    "platforms": "个平台",
    "centres": "个中心",
    "products": "个产品",
    "measures": "条措施",
    "cities": "个城市",
    "rooms": "个机房",
    "passengers": "人",
    "km": "公里",
    "mu": "亩",
    "rank": "位",          # a Chinese formatter should write 第N位 (第2位), see NOTES.md
    "entities": "个实体",
    "relations": "个关系对",
    "images": "张图像",
    "tokens": "Token",
    "years": "年",
    "people": "人",
    "tasks": "项任务",
    "kWh": "千瓦时",
    "months": "个月",
    "lists": "批清单",
    "fields": "个领域",
    "programmes": "个专业",
}

# 政策文件或事件的种类（data/raw/policy_events.csv 的 instrument 列）。
INSTRUMENTS_ZH = {
    "action_plan": "行动方案",
    "implementation_plan": "实施方案",
    "implementation_opinions": "实施意见",
    "work_plan": "工作方案",
    "policy_measures": "政策措施",
    "voucher_scheme": "补贴券政策",
    "funding_rule": "资金投入规定",
    "meeting": "定调会议",
    "fund": "设立基金",
    "spending_plan": "政府计划投资",
    "national_designation": "国家级试点称号",
}

# 后续数字与目标的关系（labels.VOCABULARIES["relation"]，读者在"目标兑现了吗？"一章看到）。
RELATIONS_ZH = {
    "outcome": "结果",
    "progress": "进展",
    "estimate": "预估",
    "baseline": "起点值",
    "restatement": "目标重申",
    "new_target": "新目标",
    "context": "供比较",
}

# ---------------------------------------------------------------------------------------------
# From airace/story/labels.py

# 指标：名词短语，可单独作标签，也可接在地名之后（"深圳：人工智能企业"）。
INDICATORS_ZH = {
    # policy race
    "ai_firms": "人工智能企业",
    "ai_unicorns": "人工智能独角兽企业",
    "ai_core_industry_scale": "人工智能核心产业规模",
    "ai_leading_firms": "人工智能领军企业",
    "genai_models_filed": "已备案的生成式人工智能大模型",
    "government_ai_scenarios_opened": "开放的政务人工智能应用场景",
    "ai_firms_foundation_layer_share": "基础层（芯片、算力、数据）",
    "ai_firms_technology_layer_share": "技术层（算法、模型）",
    "ai_firms_application_layer_share": "应用层（产品、服务）",
    # the AI industry: size, revenue and growth
    "ai_industry_scale": "人工智能产业规模",
    "ai_industry_revenue": "人工智能产业营收",
    "ai_industry_revenue_growth": "人工智能产业营收增速",
    "ai_industry_cagr_3y": "人工智能产业近三年复合增长率",
    "ai_above_scale_firm_revenue": "人工智能产业营收（规模以上企业）",
    "ai_core_industry_revenue": "人工智能核心产业营收",
    "above_scale_ai_core_industry_revenue": "人工智能核心产业营收（规模以上企业）",
    "ai_core_industry_growth": "人工智能核心产业增速",
    "ai_value_added_growth": "人工智能产业增加值增速",
    "ai_manufacturing_output_growth": "人工智能制造业产值增速",
    "ai_terminal_industry_scale": "人工智能终端产业规模",
    "ai_industry_competitiveness_rank_central_west": "人工智能产业竞争力在中西部城市中的排名",
    "high_tech_zone_share_of_city_ai": "高新区占全市人工智能产业的比重",
    # firms and organisations
    "ai_core_firms": "人工智能核心企业",
    "ai_key_firms": "人工智能重点企业",
    "ai_segment_leading_firms": "细分领域有影响力的人工智能企业",
    "ai_and_robotics_firms": "人工智能与机器人企业",
    "ai_organisations": "人工智能组织机构（企业及其他登记主体）",
    "ai_organisations_national_share": "人工智能组织机构占全国的比重",
    "model_related_firms": "大模型相关企业",
    "model_related_firms_mid_high_end": "中高端大模型相关企业",
    "firms_in_technology_layer": "大模型企业中处于技术层的比重",
    "ai_tigers_based_in_beijing_or_shanghai": "来自北京、上海的“AI六小虎”",
    "ai_tigers_based_in_province": "来自本省的“AI六小虎”",
    "little_dragons_in_chengxi_corridor_share": "“六小龙”中位于城西科创大走廊的比例",
    "firms_named_at_new_year_meeting": "省委书记在新春第一会上点名的明星企业",
    "symposium_participants": "负责人在省委书记座谈会上发言的企业、高校、科创平台和科研院所",
    "customers_outside_province": "成都数之联客户中四川省外客户的比例",
    "hkust_gz_first_undergraduate_programmes":
        "香港科技大学（广州）首批本科专业",
    # models
    "models_released": "已发布的大模型",
    "leading_models": "顶尖大模型",
    "segment_models": "细分领域大模型",
    # AI parks, bases and zones
    "ai_park_area": "人工智能产业园占地面积",
    "ai_park_firms": "人工智能产业园内的人工智能企业",
    "ai_park_key_projects": "人工智能产业园内的人工智能重点项目",
    "ai_park_little_giants": "人工智能产业园内的专精特新“小巨人”企业",
    "ai_park_national_platforms": "人工智能产业园内的国家级技术平台",
    "ai_park_revenue": "人工智能产业园营收",
    "ai_park_revenue_growth": "人工智能产业园营收增速",
    "ai_main_bases": "人工智能产业方案确定的主要承载地（城市）",
    "ai_collaborative_sites": "人工智能产业方案确定的协同发展地（城市）",
    "ai_application_fields_early_lead": "具有先发优势的人工智能应用领域",
    "national_ai_application_pilot_zone_rank": "在国家人工智能创新应用先导区中的获批次序",
    "ai_medical_device_projects_selected": "入选国家人工智能医疗器械揭榜优胜名单的项目",
    "ai_medical_device_city_rank": "在国家人工智能医疗器械揭榜优胜名单中的城市排名",
    "humanoid_robot_models_shown": "集中亮相的人形机器人产品",
    # policies, scenarios and what they announce
    "policy_documents_issued": "发布的政策文件",
    "ai_policy_measures": "人工智能专项政策的措施条数",
    "ai_plus_application_domains": "“人工智能+”重大应用工程的领域",
    "ai_scenario_lists_published": "已发布的“城市+AI”应用场景清单",
    "published_ai_scenarios": "已发布清单中的人工智能应用场景",
    "ai_manufacturing_scenarios": "人工智能赋能先进制造的示范场景",
    # AI in use
    "autonomous_bus_riders_weekday": "自动驾驶小巴工作日平均载客",
    "autonomous_bus_riders_weekend": "自动驾驶小巴休息日载客",
    # views, not measurements
    "official_view_market_share_of_tasks": "一位官员认为市场能做到的事情所占比例",
    # compute
    "total_compute": "算力总规模",
    "intelligent_compute_available": "可用智能算力",
    "compute_platform_capacity": "单个算力中心或平台的算力",
    "compute_cluster_scale": "每个算力集群的规模",
    "training_cost_share_compute": "一家垂直大模型企业：训练成本",
    "inference_cost_share_compute": "一家垂直大模型企业：推理成本",
    "compute_share_of_budget": "成都数之联：年度预算（工业大模型）",
    "annual_compute_spend": "一家垂直大模型企业每年的算力支出",
    "compute_scale": "算力规模（各类算力合计）",
    "compute_single_project": "单个项目部署的算力",
    "compute_centre_investment_plan": "智算中心计划投资",
    "compute_centre_server_rooms": "人工智能计算中心的模块化服务器机房",
    "compute_used_located_outside": "所用算力中部署在本市以外的比例",
    "firm_compute_demand_growth": "企业算力需求增幅",
    "global_ai_compute_demand_growth": "全球AI算力需求年均增速",
    "intelligent_compute_utilisation": "智算中心平均算力使用率",
    "supercomputer_capacity": "超算中心算力",
    "supercomputer_utilisation": "超算中心算力利用率",
    "supercomputer_ai_share": "超算算力用于大模型训练或推理的占比",
    "total_compute_growth": "近五年算力总规模年均增幅",
    "total_compute_world_rank": "算力总规模全球排名",
    "national_data_infrastructure_pilot_tasks": "承接的国家数据基础设施先行先试任务",
    "liquid_cooling_power_saved": "数据中心液冷技术每年节省的电量（联想的说法）",
    # making and running models: cost, speed, accuracy
    "training_cost_vs_international_peers": "训练成本与国际同行之比",
    "training_run_cost_low": "大模型单次训练成本（低值）",
    "training_run_cost_high": "大模型单次训练成本（高值）",
    "training_time_reduction": "训练周期缩短幅度",
    "training_efficiency_vs_a100_before": "基于昇腾910B的训练效率相当于英伟达A100的比例（起初）",
    "training_efficiency_vs_a100_after": "基于昇腾910B的训练效率相当于英伟达A100的比例（改进后）",
    "inference_cost_reduction": "推理成本降幅",
    "inference_efficiency_gain": "推理效率提升幅度",
    "industrial_defect_detection_accuracy": "工业缺陷检测准确率",
    "pest_identification_accuracy": "病虫害识别准确率",
    "chip_to_application_cycle": "从芯片设计到落地应用的最短周期（企业高管的说法）",
    "chip_project_partner_organisations": "参与云天励飞DeepEdge10芯片研发的机构",
    "deployed_model_parameters": "该区部署的大模型参数量",
    # data supply
    "industrygpt_training_scenarios": "IndustryGPT（深圳思谋科技）：工业场景",
    "industrygpt_training_images": "IndustryGPT：工业图像",
    "industrygpt_training_tokens": "IndustryGPT：文本Token",
    "knowledge_graph_entities": "中药知识图谱（成都）：实体",
    "knowledge_graph_relations": "中药知识图谱：关系对",
    "knowledge_graph_curation_years": "构建中药知识图谱所花的年数",
    # targets the tracker follows, and what later reports measured instead
    "ai_compute_centres": "人工智能算力中心",
    "ai_demonstration_projects": "人工智能应用示范项目",
    "ai_innovation_platforms": "人工智能创新平台",
    "algorithm_malls": "算法商城",
    "algorithm_products": "算法产品和应用典型案例",
    "municipal_st_spending_growth": "市财政科技投入增速",
    "new_revenue_share_to_st": "市本级新增财力用于科技投入的比例",
    "industrial_policy_funds_share_to_new_productive_forces": "产业政策资金投向新质生产力的比例",
    "connected_vehicle_road_length": "智能车联网建设里程",
    "connected_vehicle_test_road_length": "车联网测试道路里程",
    "municipal_budget_for_st_talent_policy_package":
        "一揽子政策中教育、科技、人才部分的市级预算",
    "ai_related_industry_scale": "人工智能相关产业规模",
    "ai_industry_growth": "人工智能产业年增速",
    "ai_industry_scale_growth": "人工智能产业规模增速",
    "ai_projects_attracted": "引进的人工智能项目",
    "ai_related_firms": "人工智能相关企业（口径更宽）",
    "unicorns_all_sectors": "各行业独角兽企业",
    "district_fund_matrix_size": "一个区的基金（人工智能及其他）",
    # capital
    "ai_fund_group_size": "人工智能子基金群",
    "ai_fund_ecosystem_size": "人工智能基金投资生态",
    "ai_subsidy_pool": "人工智能奖补资金池",
    "zhipu_round_amount": "北京大模型企业智谱的一轮融资（该轮总额）",
    "zhipu_pre_money_valuation": "北京大模型企业智谱一轮融资的投前估值",
    "bytedance_ai_chip_investment": "字节跳动对AI芯片的投入",
    "bytedance_datacentre_investment": "字节跳动对数据中心集群的投入",
    # vouchers and rewards: a pool, a cap per firm, the share of a bill a voucher pays
    "compute_voucher_pool": "算力券发放总额",
    "compute_voucher_per_firm": "算力券单家企业资助额",
    "compute_voucher_rate": "算力券资助比例（按算力服务费计）",
    "training_voucher_pool": "训力券发放总额",
    "training_voucher_per_firm": "训力券单家企业资助额",
    "training_voucher_rate": "训力券资助比例（按算力服务合同金额计）",
    "training_voucher_rate_startups": "训力券对初创企业的资助比例（按算力服务合同金额计）",
    "model_voucher_pool": "模型券发放总额",
    "model_voucher_per_firm": "模型券单家企业资助额",
    "corpus_voucher_pool": "语料券发放总额",
    "corpus_voucher_per_firm": "语料券单家企业资助额",
    "corpus_voucher_rate": "语料券资助比例（按语料采购合同金额计）",
    "open_corpus_reward_per_source": "对开放语料的每个数源单元的奖励",
    # the economy, industry and R&D
    "rd_expenditure": "研发经费投入",
    "rd_intensity": "研发投入强度（占GDP比重）",
    "rd_personnel": "研发人员",
    "rd_personnel_national_share": "研发人员占全国的比重",
    "digital_economy_core_value_added": "数字经济核心产业增加值",
    "electronics_cluster_scale": "电子信息产业集群规模",
    "industrial_firms_above_size": "规模以上工业企业",
    "industrial_firms_above_size_national_share":
        "规模以上工业企业数占全国的比重",
    "industrial_value_added": "规模以上工业增加值",
    "manufacturing_value_added_national_share": "制造业增加值占全国的比重",
}

# 正文中可数的目标。中文名词没有单复数之分，两者相同；量词另见 COUNT_CLASSIFIERS_ZH
# （"1家人工智能领军企业"、"10家人工智能领军企业"）。第二项保留英文的"和"与第一项的"或"之别。
COUNT_NOUNS_ZH = {
    "ai_leading_firms": ("人工智能领军企业", "人工智能领军企业"),
    "ai_innovation_platforms": ("人工智能创新平台", "人工智能创新平台"),
    "ai_demonstration_projects": ("人工智能应用示范项目", "人工智能应用示范项目"),
    "algorithm_malls": ("算法商城", "算法商城"),
    "ai_compute_centres": ("人工智能算力中心", "人工智能算力中心"),
    "algorithm_products": ("算法产品或应用典型案例", "算法产品和应用典型案例"),
}
COUNT_CLASSIFIERS_ZH = {
    "ai_leading_firms": "家",
    "ai_innovation_platforms": "个",
    "ai_demonstration_projects": "个",
    "algorithm_malls": "个",
    "ai_compute_centres": "个",
    "algorithm_products": "个",
}

# 资本一章中并列的不同性质的金额：谁的钱，是什么钱。
AMOUNTS_WITH_OWNER_ZH = {
    "ai_subsidy_pool": "青岛：人工智能奖补资金池",
    "training_voucher_pool": "深圳：训力券，每年（上限）",
    "zhipu_round_amount": "智谱：一轮融资",
    "ai_fund_group_size": "东莞：人工智能子基金群",
    "bytedance_datacentre_investment": "字节跳动：数据中心集群，2025年（计划）",
}

# 口径比指标名称更宽的数字（按台账行），照报道原样给出，显示在数字旁边（括号内）。
WIDER_BASES_ZH = {
    "SC-009": "人工智能与机器人合计",
    "SC-010": "人工智能与机器人合计",
}

# 来源印错的数字：按原样保留，并在数字旁边说明。
SOURCE_ERRORS_ZH = {
    "FEA-005": "此为编者按专题报道所印数字；新华社报道中，这是全市人工智能产业的营收",
}

# 不是日期的时期（data/raw/facts.csv 的 period 列）；"annual"另作"每年"（见 PERIOD_WORDS_ZH）。
PERIODS_ZH = {"not_stated": "未说明时期"}

# 券的种类：中文直接加"券"（算力券、训力券、模型券、语料券），即来源自己的说法。
VOUCHER_KINDS_ZH = {"compute": "算力", "training": "训力", "model": "模型", "corpus": "语料"}

# 目标的结果（airace/story/tracker.py）。符号沿用 labels.STATUS_SYMBOLS。
STATUSES_ZH = {
    "met": "已达成", "met_early": "提前达成", "not_met": "未达成", "progress": "有进展报告",
    "due_no_outcome": "已到期，未见结果报告", "not_yet_due": "未到期", "cant_rate": "无法评定",
    "superseded": "已被取代",
}

# ---------------------------------------------------------------------------------------------
# Words the English builds inside functions of labels.py (not vocabularies; for a zh formatter)

PERIOD_WORDS_ZH = {
    "annual": "每年",
    "by_period": "到{period}",          # labels.by_period: "by 2027" -> "到2027年"
    "no_year_stated": "未说明年份",      # labels.by_period: "with no year stated"
}


def period_zh(text: str | None) -> str:
    """A period as a Chinese reader reads it: 2025 -> 2025年, 2025-03 -> 2025年3月,
    2025-03-31 -> 2025年3月31日, 2024/2026 -> 2024年至2026年, annual -> 每年, not_stated -> 未说明时期."""
    if text in (None, ""):
        return PERIODS_ZH["not_stated"]
    if text in PERIODS_ZH:
        return PERIODS_ZH[text]
    if text == "annual":
        return PERIOD_WORDS_ZH["annual"]
    if "/" in text:
        start, end = text.split("/", 1)
        return f"{period_zh(start)}至{period_zh(end)}"
    parts = text.split("-")
    out = f"{int(parts[0])}年"
    if len(parts) > 1:
        out += f"{int(parts[1])}月"
    if len(parts) > 2:
        out += f"{int(parts[2])}日"
    return out


def by_period_zh(text: str | None) -> str:
    """'到2027年', or '未说明年份' (never '到未说明时期')."""
    if text in ("not_stated", "", None):
        return PERIOD_WORDS_ZH["no_year_stated"]
    return PERIOD_WORDS_ZH["by_period"].format(period=period_zh(text))


def qualified_zh(qualifier: str, text: str) -> str:
    """`text` with its hedge in front and no space: ("more_than", "2600家企业") -> "超过2600家企业"."""
    return f"{QUALIFIERS_ZH[qualifier]}{text}"


# ---------------------------------------------------------------------------------------------
# Check: the same keys as the English vocabularies, and the same format fields

if __name__ == "__main__":
    import string
    import sys

    sys.dont_write_bytecode = True          # never write __pycache__ into /work/main
    sys.path.insert(0, "/work/main")
    from airace.data import schemas
    from airace.story import labels

    def fields(text: str) -> list[str]:
        return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)

    def values(table: dict) -> list[str]:
        out = []
        for value in table.values():
            out.extend(value if isinstance(value, tuple) else [value])
        return out

    pairs = {
        "INDICATORS": (labels.INDICATORS, INDICATORS_ZH),
        "COUNT_NOUNS": (labels.COUNT_NOUNS, COUNT_NOUNS_ZH),
        "AMOUNTS_WITH_OWNER": (labels.AMOUNTS_WITH_OWNER, AMOUNTS_WITH_OWNER_ZH),
        "WIDER_BASES": (labels.WIDER_BASES, WIDER_BASES_ZH),
        "SOURCE_ERRORS": (labels.SOURCE_ERRORS, SOURCE_ERRORS_ZH),
        "PERIODS": (labels.PERIODS, PERIODS_ZH),
        "VOUCHER_KINDS": (labels.VOUCHER_KINDS, VOUCHER_KINDS_ZH),
        "STATUSES": (labels.STATUSES, STATUSES_ZH),
        "QUALIFIERS": ({k: t.words for k, t in schemas.QUALIFIERS.items()}, QUALIFIERS_ZH),
        "KINDS": ({k: t.words for k, t in schemas.KINDS.items()}, KINDS_ZH),
        "UNITS": ({k: t.words for k, t in schemas.UNITS.items()}, UNITS_ZH),
        "INSTRUMENTS": ({k: t.words for k, t in schemas.INSTRUMENTS.items()}, INSTRUMENTS_ZH),
        "RELATIONS": ({k: t.words for k, t in schemas.RELATIONS.items()}, RELATIONS_ZH),
        "COUNT_CLASSIFIERS (keys of COUNT_NOUNS)": (labels.COUNT_NOUNS, COUNT_CLASSIFIERS_ZH),
    }
    # Every vocabulary labels.py shows readers has its Chinese counterpart here.
    assert set(labels.VOCABULARIES) == {"qualifier", "kind", "unit", "indicator", "instrument",
                                        "voucher kind", "period", "status", "relation"}, labels.VOCABULARIES.keys()

    for name, (english, chinese) in pairs.items():
        missing, extra = set(english) - set(chinese), set(chinese) - set(english)
        assert not missing and not extra, f"{name}: missing {sorted(missing)}, extra {sorted(extra)}"
        if name.startswith("COUNT_CLASSIFIERS"):
            print(f"{name:40} {len(chinese):4} keys  ok")
            continue                        # keys only: a classifier has no English counterpart
        for key in english:
            en, zh = english[key], chinese[key]
            if isinstance(en, tuple) or isinstance(zh, tuple):
                assert isinstance(en, tuple) and isinstance(zh, tuple) and len(en) == len(zh), f"{name}[{key}]: shape"
                pairs_ = list(zip(en, zh))
            elif isinstance(en, str) and isinstance(zh, str):
                pairs_ = [(en, zh)]
            else:
                continue
            for e, z in pairs_:
                assert fields(e) == fields(z), f"{name}[{key}]: format fields {fields(e)} != {fields(z)}"
                # a code never reaches a page: no value is an identifier, and only `exact` is empty
                assert z or not e, f"{name}[{key}]: empty"
        print(f"{name:40} {len(chinese):4} keys  ok")

    # Every value that must be Chinese is Chinese (units such as %, PFLOPS, Token pass as they are).
    latin_ok = {"PFLOPS", "%", "Token", ""}
    for name in ("INDICATORS", "AMOUNTS_WITH_OWNER", "WIDER_BASES", "SOURCE_ERRORS", "PERIODS",
                 "VOUCHER_KINDS", "STATUSES", "KINDS", "INSTRUMENTS", "RELATIONS", "QUALIFIERS", "UNITS"):
        for value in values(pairs[name][1]):
            assert value in latin_ok or any("\u4e00" <= ch <= "\u9fff" for ch in value), f"{name}: {value!r}"

    # Spot checks of the helpers.
    assert period_zh("2025-03-31") == "2025年3月31日" and period_zh("2024/2026") == "2024年至2026年"
    assert by_period_zh("2027") == "到2027年" and by_period_zh("not_stated") == "未说明年份"
    assert qualified_zh("more_than", "2600家企业") == "超过2600家企业"
    print("all key sets match airace.story.labels and airace.data.schemas")
