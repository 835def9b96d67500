"""Labels of the demo walkthrough (``python -m salesflow demo``): its titles and lines."""

from __future__ import annotations

_LABELS: tuple[tuple[str, str, str], ...] = (
    (
        "demo.header",
        "salesflow {version}: a walk through {source}",
        "salesflow {version}：{source}导览",
    ),
    ("demo.source.sample", "the bundled sample portfolio", "随附的示例客户组合"),
    ("demo.section.records", "The sample portfolio", "示例客户组合"),
    (
        "demo.section.stages",
        "Stages: a deal moves through the complex pipeline",
        "阶段：一个商机走完复杂销售流程",
    ),
    (
        "demo.section.checklists",
        "Checklists: a deal's pre-flight list",
        "检查清单：商机推进前的核对",
    ),
    ("demo.section.scoring", "Scoring: leads, customers and deals", "评分：线索、客户与商机"),
    (
        "demo.section.cadence",
        "Time rules: one salesperson's agenda",
        "时间规则：一位销售人员的待办",
    ),
    (
        "demo.section.gates",
        "Scores in the gates: BANT qualifies, a weak deal is re-planned",
        "阶段门槛中的评分：BANT 资格审查，弱商机重新规划",
    ),
    ("demo.section.control", "Control: the Hengtai contract review", "内控：恒泰合同评审"),
    ("demo.section.dedupe", "De-duplication: a customer entered twice", "查重：同一客户被录入两次"),
    (
        "demo.section.people",
        "Key accounts: the Hengtai deal's stakeholder map and plan",
        "大客户：恒泰商机的决策链图谱与计划",
    ),
    ("demo.heading", "{title}:", "{title}："),
    ("demo.comma", ", ", "，"),
    ("demo.semicolon", "; ", "；"),
    ("demo.labelled", "{label}: {value}", "{label}：{value}"),
    ("demo.named", "{what} ({id})", "{what}（{id}）"),
    (
        "demo.skipped_missing",
        "(skipped: this portfolio lacks the data this section shows)",
        "（已跳过：客户组合中没有本节所需的数据）",
    ),
    (
        "demo.section.tables",
        "The book as a table: scores, weighted amounts and gates over a frame",
        "整本商机簿作为数据表：在数据框上计算评分、加权金额与门槛",
    ),
    (
        "demo.section.frontdesk",
        "Front desk: a day of the register, leads and reports",
        "前台：一天的来访登记、线索与日报",
    ),
    (
        "demo.section.analytics",
        "Analytics: the book's funnel, win rates, velocity and forecast",
        "分析：商机簿的漏斗、赢单率、销售速度与预测",
    ),
    # records
    ("demo.records.as_of", "As of {at}", "截至 {at}"),
    ("demo.records.customers", "{n} customers:", "{n} 个客户："),
    ("demo.records.grade", "grade {grade}", "{grade}级"),
    ("demo.records.no_grade", "no grade", "未分级"),
    ("demo.records.leads", "{n} leads:", "{n} 条线索："),
    ("demo.records.no_owner", "(no owner)", "（无负责人）"),
    ("demo.records.open_deals", "{n} open opportunities:", "{n} 个进行中的商机："),
    (
        "demo.records.open_total",
        "Open pipeline (unweighted): {totals}",
        "进行中商机总额（未加权）：{totals}",
    ),
    ("demo.records.nothing_open", "nothing open", "无"),
    ("demo.records.activities", "{n} activities, {done} done", "{n} 项活动，已完成 {done} 项"),
    # stages
    (
        "demo.stages.deal",
        "{id} ({name}) in {pipeline}: {stages}",
        "{id}（{name}），{pipeline}：{stages}",
    ),
    (
        "demo.stages.what_if",
        "(a what-if walk on a copy of the deal: the portfolio itself is unchanged)",
        "（在商机的副本上推演：客户组合本身不变）",
    ),
    (
        "demo.stages.refused",
        "A refused move (leaving {stage} before its checklist is done):",
        "被拒绝的推进（检查清单未完成就离开“{stage}”）：",
    ),
    (
        "demo.stages.ticked_then_move",
        "Each stage's required checklist items ticked, then the move:",
        "勾选每个阶段的必填清单项，然后推进：",
    ),
    (
        "demo.stages.ticked",
        "{count} ticked ({evidence} with evidence)",
        "已勾选 {count} 项（{evidence} 项有凭证）",
    ),
    (
        "demo.stages.history",
        "History of {id} (durations up to {at}):",
        "{id} 的历史（时长计至 {at}）：",
    ),
    ("demo.stages.time_by_stage", "Time by stage:", "各阶段停留时长："),
    (
        "demo.stages.outcome",
        "{status} in {stage} after {cycle} (cycle time); probability {probability}%, weighted {weighted}, forecast: {category}",
        "{status}，现处“{stage}”，历时 {cycle}（销售周期）；概率 {probability}%，加权金额 {weighted}，预测类别：{category}",
    ),
    ("demo.span", "{days}d {hours:02d}h", "{days}天{hours:02d}小时"),
    ("demo.note.contract_signed", "contract signed", "合同已签订"),
    # checklists
    (
        "demo.checklists.deal",
        "{id} ({name}), {pipeline}: {stage}",
        "{id}（{name}），{pipeline}：{stage}",
    ),
    (
        "demo.checklists.mark",
        "  {ticked}: {item} ({who}){proof}",
        "  {ticked}：{item}（{who}）{proof}",
    ),
    # scoring
    ("demo.scoring.party.us", "us", "我方"),
    # gates
    (
        "demo.gates.known",
        "{id} in {stage}: budget and need known, authority and timeline not yet",
        "{id}，现处“{stage}”：预算和需求已明确，决策权和时间表尚未明确",
    ),
    ("demo.gates.bant", "BANT: {band}, missing {missing}", "BANT：{band}，缺少 {missing}"),
    (
        "demo.gates.confirmed",
        "with authority and timeline confirmed: {stage}",
        "决策权和时间表确认后：{stage}",
    ),
    (
        "demo.gates.agenda",
        "{person}'s agenda: {what} ({status}, due {due})",
        "{person} 的待办：{what}（{status}，截止 {due}）",
    ),
    # control
    ("demo.control.step", "{step}: {label} ({approvers})", "{label}（{approvers}）"),
    # dedupe
    ("demo.yes", "yes", "是"),
    ("demo.no", "no", "否"),
)

EN: dict[str, str] = {key: en for key, en, _ in _LABELS}
ZH_HANS: dict[str, str] = {key: zh for key, _, zh in _LABELS}
