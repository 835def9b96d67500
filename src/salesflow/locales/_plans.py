"""Labels of the plans area: the forms, action kinds, call sides, presentation steps."""

from __future__ import annotations

EN: dict[str, str] = {
    # forms
    "plans.form.competitors": "Competitive analysis",
    "plans.form.sales_plan": "Sales plan",
    "plans.form.executive_call_plan": "Executive call plan",
    "plans.form.call_summary": "Call summary",
    "plans.form.presentation_plan": "Presentation plan",
    "plans.form.tactical_plan": "Tactical plan",
    # action kinds
    "enum.action_kind.presentation": "Presentation",
    "enum.action_kind.demo": "Demo",
    "enum.action_kind.reference_visit": "Reference visit",
    "enum.action_kind.call": "Call",
    "enum.action_kind.meeting": "Meeting",
    "enum.action_kind.proposal": "Proposal",
    "enum.action_kind.briefing": "Briefing",
    "enum.action_kind.rehearsal": "Rehearsal",
    "enum.action_kind.logistics": "Logistics",
    "enum.action_kind.other": "Other",
    # call sides
    "enum.call_side.customer": "Customer's side",
    "enum.call_side.ours": "Our side",
    # the time rule of actions
    "plans.rule.action_due": "Action due",
    # the six steps of a presentation
    "plans.step.commitment": "The commitment we ask for, and the one we give",
    "plans.step.problem": "The problem, tied to the customer's business",
    "plans.step.consequences": "Cause and effect: the compelling event and what is at stake",
    "plans.step.customer_view": "The customer's view of a solution",
    "plans.step.solution": "Our solution, before and after",
    "plans.step.business_value": "The business value, in the customer's own terms",
}

ZH_HANS: dict[str, str] = {
    # forms
    "plans.form.competitors": "竞争分析",
    "plans.form.sales_plan": "销售计划",
    "plans.form.executive_call_plan": "高层拜访计划",
    "plans.form.call_summary": "拜访总结",
    "plans.form.presentation_plan": "演示计划",
    "plans.form.tactical_plan": "行动计划",
    # action kinds
    "enum.action_kind.presentation": "演示讲解",
    "enum.action_kind.demo": "产品演示",
    "enum.action_kind.reference_visit": "参观样板客户",
    "enum.action_kind.call": "电话",
    "enum.action_kind.meeting": "会议",
    "enum.action_kind.proposal": "方案",
    "enum.action_kind.briefing": "内部通报",
    "enum.action_kind.rehearsal": "彩排",
    "enum.action_kind.logistics": "后勤安排",
    "enum.action_kind.other": "其他",
    # call sides
    "enum.call_side.customer": "客户方",
    "enum.call_side.ours": "我方",
    # the time rule of actions
    "plans.rule.action_due": "行动到期",
    # the six steps of a presentation
    "plans.step.commitment": "我们希望客户做出的承诺，以及我们的承诺",
    "plans.step.problem": "问题所在，及其与客户业务的关联",
    "plans.step.consequences": "因果关系：关键事件与利害得失",
    "plans.step.customer_view": "客户对解决方案的看法",
    "plans.step.solution": "我方方案：实施前后的对比",
    "plans.step.business_value": "以客户自己的标准衡量的商业价值",
}
