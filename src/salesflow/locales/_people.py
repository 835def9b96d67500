"""Labels of the people area: the stakeholder map's vocabularies, gaps and diagram."""

from __future__ import annotations

EN: dict[str, str] = {
    # forms
    "people.form.stakeholder_map": "Stakeholder map",
    "people.form.support_ladder": "Support ladder",
    "people.form.profile": "Personal profile",
    # buying roles
    "enum.buying_role.evaluator": "Evaluator",
    "enum.buying_role.approver": "Approver",
    "enum.buying_role.decision_maker": "Decision maker",
    "enum.buying_role.user": "User",
    # concerns
    "enum.concern.financial": "Financial",
    "enum.concern.technical": "Technical",
    "enum.concern.relationship": "Relationship",
    "enum.concern.business": "Business",
    # stances
    "enum.stance.supporter": "Supporter",
    "enum.stance.coach": "Coach",
    "enum.stance.neutral": "Neutral",
    "enum.stance.non_supporter": "Non-supporter",
    "enum.stance.enemy": "Enemy",
    "people.stance.unknown": "Stance unknown",
    # the support ladder
    "enum.support_tier.open": "Open to a change",
    "enum.support_tier.prefers": "Prefers us",
    "enum.support_tier.sponsors": "Sponsors us",
    "enum.support_behaviour.sees_need": "Sees a need or a problem and agrees something must change",
    "enum.support_behaviour.shares_information": "Gives us the key product and business facts",
    "enum.support_behaviour.explains_events": (
        "Understands the compelling events and is willing to explain them"
    ),
    "enum.support_behaviour.agrees_possible": "Accepts us as a possible solution",
    "enum.support_behaviour.invests_time": "Spends time and effort learning what we can do",
    "enum.support_behaviour.prefers_privately": "Says in private that we are the best solution",
    "enum.support_behaviour.plans_with_us": "Works with us on a plan to adopt our solution",
    "enum.support_behaviour.prefers_publicly": "Says in public that we are the best solution",
    "enum.support_behaviour.shares_competitor_plans": "Tells us what the competitors plan",
    "enum.support_behaviour.shares_politics": (
        "Tells us about personalities, personal agendas and internal politics"
    ),
    "enum.support_behaviour.answers_for_us": (
        "Will answer to management for carrying out our solution"
    ),
    "enum.support_behaviour.shares_confidential_plans": (
        "Shares confidential plans and why our solution matters to their long-term success"
    ),
    "enum.support_behaviour.builds_plan_with_us": (
        "Builds and tests our plan with us to beat the competitors"
    ),
    "enum.support_behaviour.success_tied_to_us": "Says their own success is tied to our plan",
    "enum.support_behaviour.sells_for_us": "Sells for us, actively and well, when we are not there",
    # coverage gaps
    "enum.gap_kind.missing_role": "No one holds the role {role}",
    "enum.gap_kind.decision_maker_not_supporter": "Decision maker {contact} is not on our side",
    "enum.gap_kind.no_coach": "No coach inside the customer",
    "enum.gap_kind.not_met": "No one has met {contact} for {days} days",
    "people.gap.never_met": "No one has met {contact} yet",
    # the diagram
    "people.diagram.title": "Stakeholders of {opportunity}",
    "people.diagram.influences": "influences",
    "people.diagram.influence": "Influence {level}/{top}",
}

ZH_HANS: dict[str, str] = {
    # forms
    "people.form.stakeholder_map": "关键人物图",
    "people.form.support_ladder": "支持度阶梯",
    "people.form.profile": "个人档案",
    # buying roles
    "enum.buying_role.evaluator": "评估者",
    "enum.buying_role.approver": "批准者",
    "enum.buying_role.decision_maker": "决策者",
    "enum.buying_role.user": "使用者",
    # concerns
    "enum.concern.financial": "财务",
    "enum.concern.technical": "技术",
    "enum.concern.relationship": "关系",
    "enum.concern.business": "业务",
    # stances
    "enum.stance.supporter": "支持者",
    "enum.stance.coach": "指导者",
    "enum.stance.neutral": "中立",
    "enum.stance.non_supporter": "不支持者",
    "enum.stance.enemy": "敌对者",
    "people.stance.unknown": "立场未知",
    # the support ladder
    "enum.support_tier.open": "认同需要改变",
    "enum.support_tier.prefers": "倾向我方",
    "enum.support_tier.sponsors": "力挺我方",
    "enum.support_behaviour.sees_need": "认识到存在需求或问题，同意需要改变",
    "enum.support_behaviour.shares_information": "向我方提供关键的产品和业务信息",
    "enum.support_behaviour.explains_events": "了解促成采购的关键事件，并愿意说明",
    "enum.support_behaviour.agrees_possible": "认可我方是可能的解决方案之一",
    "enum.support_behaviour.invests_time": "花时间和精力了解我方的能力",
    "enum.support_behaviour.prefers_privately": "私下表示我方是最佳方案",
    "enum.support_behaviour.plans_with_us": "与我方一起制定采用我方方案的计划",
    "enum.support_behaviour.prefers_publicly": "公开表示我方是最佳方案",
    "enum.support_behaviour.shares_competitor_plans": "向我方透露竞争对手的计划",
    "enum.support_behaviour.shares_politics": "向我方介绍相关人员的性格、个人诉求和内部政治",
    "enum.support_behaviour.answers_for_us": "愿意为实施我方方案向管理层承担责任",
    "enum.support_behaviour.shares_confidential_plans": (
        "分享机密计划，并说明我方方案对其长期成功的关键作用"
    ),
    "enum.support_behaviour.builds_plan_with_us": "积极与我方制定并检验计划，帮助我方击败竞争对手",
    "enum.support_behaviour.success_tied_to_us": "表示其个人的成功与我方计划相关",
    "enum.support_behaviour.sells_for_us": "我方不在场时积极有效地替我方推销",
    # coverage gaps
    "enum.gap_kind.missing_role": "没有人担任“{role}”角色",
    "enum.gap_kind.decision_maker_not_supporter": "决策者 {contact} 尚未站在我方一边",
    "enum.gap_kind.no_coach": "客户内部没有指导者",
    "enum.gap_kind.not_met": "已有 {days} 天无人与 {contact} 会面",
    "people.gap.never_met": "尚无人与 {contact} 会面",
    # the diagram
    "people.diagram.title": "{opportunity} 的关键人物图",
    "people.diagram.influences": "影响",
    "people.diagram.influence": "影响力 {level}/{top}",
}
