"""Words of the HTML report in English and Chinese.

The Chinese terms follow the usage of the CCER methodologies: 基准线 (baseline), 项目 (project), 泄漏 (leakage),
碳汇 (removals, sink), 减排 (reductions), 核证减排量 (verified emission reductions, the issuable
credits), 不确定性扣减 (uncertainty deduction), 非持久性风险缓冲 (non-permanence buffer).
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "words"]

LANGUAGES = ("en", "zh")

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("MRV report", "监测、报告与核查（MRV）报告"),
    "summary": ("Project summary", "项目概况"),
    "project": ("Project", "项目"),
    "methodology": ("Methodology", "方法学"),
    "profile": ("Parameter profile", "参数方案"),
    "gwp_set": ("GWP set", "全球增温潜势（GWP）版本"),
    "standards": ("Standards", "依据标准"),
    "periods": ("Monitoring periods", "监测期"),
    "period": ("Period", "监测期"),
    "kind": ("Kind", "类型"),
    "from": ("From", "起"),
    "to": ("To", "止"),
    "baseline": ("Baseline", "基准线排放"),
    "project_emissions": ("Project", "项目排放"),
    "leakage": ("Leakage", "泄漏"),
    "net_benefit": ("Net benefit", "净减排量（含碳汇）"),
    "removals": ("Removals", "碳汇（清除量）"),
    "reductions": ("Reductions", "减排量"),
    "uncertainty_deduction": ("Uncertainty deduction", "不确定性扣减"),
    "buffer_contribution": ("Buffer", "非持久性风险缓冲"),
    "issuable_credits": ("Issuable credits", "核证减排量（可签发）"),
    "credits_if_issuable": ("Credits if issuable", "可签发量（估算）"),
    "total": ("Total", "合计"),
    "unit_note": (
        "All figures in t CO2e; a removal is a negative emission.",
        "单位均为吨二氧化碳当量（t CO2e）；清除量记为负排放。",
    ),
    "estimate": ("Estimate, not credits", "估算值，不可签发"),
    "screening": (
        "Screening and comparison figures (not creditable)",
        "筛查与比较数值（不可用于签发）",
    ),
    "name": ("Name", "名称"),
    "reason": ("Reason", "说明"),
    "charts": ("Charts", "图表"),
    "by_term": ("Net benefit by term and period", "各监测期各项对净减排量的贡献"),
    "cumulative": ("Cumulative credits and buffer", "累计核证减排量与缓冲"),
    "by_stratum": ("Net benefit by stratum and period", "各监测期各层（碳层）的净减排量"),
    "not_by_stratum": ("not split by stratum (e.g. leakage, fuel)", "未分层部分（如泄漏、燃料）"),
    "monte_carlo": (
        "Monte Carlo: net benefit, median and 90 % interval",
        "蒙特卡洛模拟：净减排量中位数与90%区间",
    ),
    "applicability": ("Applicability findings", "适用性审查"),
    "findings": ("Findings of the calculation", "计算发现"),
    "severity": ("Severity", "级别"),
    "code": ("Code", "代码"),
    "message": ("Message", "内容"),
    "reference": ("Reference", "依据"),
    "none": ("None.", "无。"),
    "parameters": ("Parameters used", "所用参数"),
    "parameter": ("Parameter", "参数"),
    "value": ("Value", "数值"),
    "unit": ("Unit", "单位"),
    "source": ("Source", "来源"),
    "unverified": ("unverified", "未经原文核实"),
    "trace": ("Trace: every figure back to its data", "计算追溯：每个数值的来源"),
    "trace_note": (
        "Each entry gives the equation, its result, and the values it used; follow an input to its own entry.",
        "每一条列出所用公式、结果及代入的数值；可沿输入项追溯至其条目。",
    ),
    "equation": ("Equation", "公式"),
    "trace_walk": (
        "From each period's issuable credits down to the data",
        "从各监测期可签发量逐级追溯至原始数据",
    ),
    "trace_entries": ("Every entry", "全部计算步骤"),
    "trace_search": (
        "search by id, equation or parameter",
        "按编号、公式或参数搜索",
    ),
    "inputs": ("Inputs", "输入"),
    "result": ("Result", "结果"),
    "digests": ("Digests", "数据指纹"),
    "plugin_code": ("Plug-in code", "插件代码"),
    "signature": ("Signature", "电子签名"),
    "signature_holds": (
        "holds: key {key}… signed exactly these contents",
        "签名有效：密钥 {key}… 签署的正是本报告的全部内容",
    ),
    "signature_fails": ("does not hold", "签名无效"),
    "signature_changed": (
        "the report differs from what was signed",
        "报告内容与签名时不一致（已被改动）",
    ),
    "signature_not-json": ("the signed payload is not JSON", "签名载荷不是JSON"),
    "signature_type": ("the envelope signs another kind of document", "签名所针对的文件类型不符"),
    "signature_bad": ("the signature does not match the contents", "签名与内容不符"),
    "signature_untrusted": (
        "signed by a key that is not among the trusted keys",
        "签名所用密钥不在可信密钥之列",
    ),
    "cumulative_credits": ("cumulative credits", "累计核证减排量"),
    "cumulative_buffer": ("cumulative buffer", "累计缓冲量"),
    "deductions": ("Deductions", "扣减"),
    "rule": ("Uncertainty rule", "不确定性规则"),
    "risk": ("Non-permanence risk rating", "非持久性风险评级"),
    "stratum": ("Stratum", "碳层"),
    "warnings": ("Early warnings: is a sink weakening?", "碳汇减弱预警"),
    "warnings_note": (
        "Strata whose change is negative (reversal risk) or below their expected trajectory beyond the threshold, and wetlands whose CH4 rises; read from the periods, no figure is changed.",
        "列出净变化为负（逆转风险）、低于预期轨迹超过阈值的碳层，以及甲烷排放上升的湿地；仅据各期结果判断，不改变任何数值。",
    ),
    "compare_title": ("Restoration options compared (ex-ante)", "修复方案碳汇比选（事前估算）"),
    "site": ("Site", "场地"),
    "area": ("Area", "面积"),
    "option": ("Option", "方案"),
    "options": ("Options", "各方案"),
    "present_cost": ("Present cost", "成本现值"),
    "discount_rate": ("Discount rate", "折现率"),
    "per_year": ("per year", "年均"),
    "per_hectare": ("per ha", "每公顷"),
    "per_hectare_year": ("per ha and year", "每公顷年均"),
    "uncertainty": ("Uncertainty", "不确定性"),
    "cost": ("Cost", "成本"),
    "abatement_cost": ("Cost per t CO2e", "单位减排成本"),
    "levelised_cost": ("Levelised cost per t CO2e", "平准化单位减排成本"),
    "cumulative_net": ("Cumulative net benefit (t CO2e) by year", "累计净减排量（t CO2e），按年份"),
    "net_per_hectare_chart": ("Net benefit per hectare (t CO2e/ha)", "每公顷净减排量（t CO2e/ha）"),
    "revenue_title": ("Carbon revenue estimate", "碳交易收益估算"),
    "revenue_note": (
        "Issuable credits times each declared price; present value discounted from each period's end. An estimate, never part of the MRV figures.",
        "可签发量乘以所声明的价格；现值按各期末折现。仅为估算，不计入任何监测核算数值。",
    ),
    "price": ("Price", "价格"),
    "revenue": ("Revenue", "收益"),
    "present_value": ("Present value", "现值"),
    "notes": ("Notes", "说明"),
    "portfolio_title": ("Portfolio summary", "项目组合汇总"),
    "projects": ("Projects", "项目数"),
    "computed": ("computed", "已计算"),
    "failed": ("failed", "失败"),
    "region": ("Region", "地区"),
    "vintage": ("Vintage", "年份（签发年度）"),
    "by_methodology": ("By methodology", "按方法学"),
    "by_region": ("By region", "按地区"),
    "by_vintage": ("By vintage", "按年份"),
    "years": ("years", "年"),
    "original": ("Original", "原文"),
    "ci90_low": ("5th percentile", "5%分位数"),
    "median": ("Median", "中位数"),
    "ci90_high": ("95th percentile", "95%分位数"),
    "mean": ("Mean", "均值"),
    "colon": (": ", "："),
}


def words(lang: str, table: dict[str, tuple[str, str]] | None = None) -> dict[str, str]:
    """Return a page's words in a language (``en`` or ``zh``): the report's, or ``table``'s."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    index = LANGUAGES.index(lang)
    pairs = _WORDS if table is None else table
    return {"lang": lang} | {key: pair[index] for key, pair in pairs.items()}
