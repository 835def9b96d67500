"""Labels of the checklists: presets, stages' lists, items, roles, answers."""

from __future__ import annotations

EN: dict[str, str] = {
    # checklist sets (the presets)
    "checklists.set.basic": "Basic sales checklist",
    "checklists.set.complex": "Complex sales checklist",
    # one checklist per stage
    "checklists.checklist.prospect_list": "Build the prospect list",
    "checklists.checklist.book_visit": "Book the visit",
    "checklists.checklist.propose_brief": "Propose and brief",
    "checklists.checklist.gather_data": "Gather data",
    "checklists.checklist.advance_project": "Advance the project",
    "checklists.checklist.close": "Close the deal",
    "checklists.checklist.sign_contract": "Sign the contract",
    "checklists.checklist.after_sale": "After the sale",
    # prospect list
    "checklists.item.no_duplicate_customers": "No customer appears twice on the prospect list",
    "checklists.item.profile_fit": (
        "Every listed customer fits the basic profile (income level, kind of business)"
    ),
    # book the visit
    "checklists.item.first_contact": "First contact made (call, e-mail or visit)",
    "checklists.item.pre_screening": "Pre-sale screening done",
    "checklists.item.visit_booked": "Visit booked with the customer",
    "checklists.item.need_and_means": "The customer both needs the offer and can afford it",
    # propose and brief
    "checklists.item.final_screening": "Final screening done: the prospect is an opportunity",
    "checklists.item.opportunity_assessed": "Opportunity assessed",
    "checklists.item.decision_maker_identified": "Purchasing decision maker identified",
    "checklists.item.procurement_known": "Procurement procedure and requirements known",
    "checklists.item.next_step_agreed": (
        "Next step agreed (next meeting, customer's requirements document)"
    ),
    # gather data
    "checklists.item.needs_confirmed": ("Needs ranked, written down and confirmed by the customer"),
    "checklists.item.competitors_understood": "Competitors' strengths and weaknesses understood",
    "checklists.item.supporter_won": "A supporter won inside the customer",
    "checklists.item.opponents_identified": "Opponents inside the customer identified",
    "checklists.item.procurement_documented": "Procurement procedure documented and approved",
    "checklists.item.internal_briefing": (
        "Sales manager and partner departments briefed internally"
    ),
    "checklists.item.funding_approved": "Project funding requested and approved",
    # advance the project
    "checklists.item.demo_or_reference_visit": (
        "The customer has seen a demo or visited a reference user"
    ),
    "checklists.item.final_proposal": "Final proposal made and revised after objections",
    "checklists.item.contract_to_legal": "Contract sent to the customer's legal department",
    "checklists.item.signing_date_confirmed": "Signing date confirmed",
    # close / sign the contract
    "checklists.item.concerns_resolved": "The customer's last concerns resolved",
    "checklists.item.offering_chosen": "The customer has chosen the product or service form",
    "checklists.item.contract_signed": "Price agreed and contract signed",
    "checklists.item.reference_asked": "Asked the customer to be a reference or give a testimonial",
    "checklists.item.referrals_asked": "Asked the customer for referrals to other prospects",
    # after the sale
    "checklists.item.reported_to_manager": "Reported to the sales manager",
    "checklists.item.contract_paperwork": "Purchase contract paperwork completed",
    "checklists.item.delivery_confirmed": "Delivery or start of service confirmed",
    "checklists.item.thank_you_sent": "Thank-you letter sent",
    "checklists.item.satisfaction_tracked": "Customer satisfaction followed up",
    "checklists.item.complaints_resolved": "Customer complaints resolved",
    # roles
    "checklists.role.sales_manager": "Sales manager",
    # answers
    "checklists.gate.passes": "Checklist complete: the deal may move on",
    "checklists.gate.blocked": "Blocked by {count} open checklist item(s):",
    "checklists.progress": "{done} of {applicable} items done ({percent}%)",
    "checklists.action.required": "required",
    "checklists.action.optional": "optional",
    "checklists.action.evidence": "evidence needed",
    "checklists.action.role": "by the {role}",
    "checklists.demo.facts": "With the stakeholder map's facts ({facts}):",
    "checklists.demo.facts_example": "a supporting decision maker, one opponent",
    "checklists.demo.ticked": "ticked",
    "checklists.demo.moved": "Checklist complete: the deal moves on to {stage}",
}

ZH_HANS: dict[str, str] = {
    "checklists.set.basic": "基本销售检查清单",
    "checklists.set.complex": "复杂销售检查清单",
    "checklists.checklist.prospect_list": "建立潜在客户名单",
    "checklists.checklist.book_visit": "预约拜访",
    "checklists.checklist.propose_brief": "提案与介绍",
    "checklists.checklist.gather_data": "收集资料",
    "checklists.checklist.advance_project": "推进项目",
    "checklists.checklist.close": "促成交易",
    "checklists.checklist.sign_contract": "签订合同",
    "checklists.checklist.after_sale": "售后工作",
    "checklists.item.no_duplicate_customers": "潜在客户名单中没有重复的客户",
    "checklists.item.profile_fit": "名单上的每个客户都符合基本条件（收入水平、业务类型）",
    "checklists.item.first_contact": "已初步接触客户（电话、邮件或上门）",
    "checklists.item.pre_screening": "已完成售前筛选",
    "checklists.item.visit_booked": "已与客户约定拜访时间",
    "checklists.item.need_and_means": "客户既有需求，也有购买能力",
    "checklists.item.final_screening": "已完成最终筛选：潜在客户已成为商机",
    "checklists.item.opportunity_assessed": "已评估该商机",
    "checklists.item.decision_maker_identified": "已查明采购决策者",
    "checklists.item.procurement_known": "已了解采购流程与需求",
    "checklists.item.next_step_agreed": "已约定下一步（下次会议、客户需求书）",
    "checklists.item.needs_confirmed": "客户需求已排定优先次序、形成文件并经客户确认",
    "checklists.item.competitors_understood": "已清楚竞争对手的优势与劣势",
    "checklists.item.supporter_won": "已在客户内部赢得支持者",
    "checklists.item.opponents_identified": "已查明客户内部的反对者",
    "checklists.item.procurement_documented": "采购流程已形成文件并获批准",
    "checklists.item.internal_briefing": "已向销售主管和协作部门做内部简报",
    "checklists.item.funding_approved": "项目所需资金已申请并获批准",
    "checklists.item.demo_or_reference_visit": "客户已看过演示或参观过其他用户",
    "checklists.item.final_proposal": "已提交最终方案，并根据客户异议作了修改",
    "checklists.item.contract_to_legal": "合同已送交客户法务部门审核",
    "checklists.item.signing_date_confirmed": "已确认签约日期",
    "checklists.item.concerns_resolved": "客户最后的顾虑已解决",
    "checklists.item.offering_chosen": "客户已选定产品或服务形式",
    "checklists.item.contract_signed": "价格已谈妥，合同已签订",
    "checklists.item.reference_asked": "已请客户担任参考客户或提供证言",
    "checklists.item.referrals_asked": "已请客户推荐其他潜在客户",
    "checklists.item.reported_to_manager": "已向销售主管汇报",
    "checklists.item.contract_paperwork": "采购合同手续已办妥",
    "checklists.item.delivery_confirmed": "已确认交付或服务已开始",
    "checklists.item.thank_you_sent": "已寄出感谢信",
    "checklists.item.satisfaction_tracked": "已跟进客户满意度",
    "checklists.item.complaints_resolved": "客户投诉已解决",
    "checklists.role.sales_manager": "销售主管",
    "checklists.gate.passes": "检查清单已完成：该商机可以推进",
    "checklists.gate.blocked": "有 {count} 项检查清单事项未完成：",
    "checklists.progress": "已完成 {done}/{applicable} 项（{percent}%）",
    "checklists.action.required": "必做",
    "checklists.action.optional": "可选",
    "checklists.action.evidence": "需附证据",
    "checklists.action.role": "由{role}完成",
    "checklists.demo.facts": "加上利益相关者图谱中的事实（{facts}）：",
    "checklists.demo.facts_example": "一位支持我方的决策者，一位反对者",
    "checklists.demo.ticked": "已勾选",
    "checklists.demo.moved": "检查清单已完成：商机推进到“{stage}”",
}
