"""Labels of the control area: policies, steps, duties, events, rules, reasons and vocabularies."""

from __future__ import annotations

_LABELS: tuple[tuple[str, str, str], ...] = (
    # policies
    ("control.policy.proposal_approval", "Proposal approval", "方案审批"),
    ("control.policy.legal_review", "Legal review of the contract", "合同法务审核"),
    ("control.policy.contract_review", "Contract review", "合同评审"),
    ("control.policy.order_to_cash", "Order to cash", "销售与收款"),
    ("control.policy.discount_approval", "Discount approval", "折扣审批"),
    ("control.policy.delivery_before_payment", "Delivery before payment", "先发货后收款例外审批"),
    ("control.data_policy.customer_data", "Customer data", "客户数据"),
    # phases
    ("control.phase.approve", "Approval", "审批"),
    ("control.phase.review", "Review", "评审"),
    ("control.phase.sign", "Signature", "签署"),
    ("control.phase.check", "Invoice check", "发票审核"),
    ("control.phase.collect", "Collection", "收款"),
    ("control.phase.ship", "Shipment", "发货"),
    ("control.phase.book", "Bookkeeping", "记账"),
    # steps
    ("control.step.sales_manager", "Sales manager approves", "销售经理审批"),
    ("control.step.legal", "Legal department reviews", "法务部审核"),
    ("control.step.capacity", "Production planning: overall capacity", "生产计划（PMC）：综合产能"),
    ("control.step.acceptance", "Quality: acceptance standards", "品质部：产品验收标准"),
    (
        "control.step.standards",
        "R&D: technical and environmental standards",
        "研发部：技术标准与环保要求",
    ),
    (
        "control.step.production",
        "Production: production and equipment capacity",
        "生产部：生产能力与设备能力",
    ),
    ("control.step.materials", "Purchasing: material lead times", "采购部：原材料采购周期"),
    ("control.step.sign", "General manager or deputy signs", "总经理或副总经理签署"),
    ("control.step.sales_head", "Sales head checks the invoice", "销售主管审核发票"),
    ("control.step.accounting_head", "Accounting head checks", "会计主管审核"),
    ("control.step.collect", "Cashier collects the payment", "出纳收款"),
    ("control.step.ship", "Warehouse ships against the paid invoice", "仓库凭已付款发票发货"),
    ("control.step.book", "Accounting books the sale", "会计部门登记账簿"),
    ("control.step.general_manager", "General manager approves", "总经理审批"),
    # conflicts and duties
    (
        "control.conflict.organise_sign",
        "Whoever organises the review does not sign",
        "组织评审者不签署合同",
    ),
    (
        "control.conflict.order_to_cash",
        "Invoicing, collecting, shipping and booking kept apart",
        "开票、收款、发货、记账分管",
    ),
    ("control.duty.organise", "Organise the review", "组织评审"),
    ("control.duty.sign", "Sign", "签署"),
    ("control.duty.invoice", "Invoice", "开票"),
    ("control.duty.check", "Check", "审核"),
    ("control.duty.collect", "Collect", "收款"),
    ("control.duty.ship", "Ship", "发货"),
    ("control.duty.book", "Book", "记账"),
    # declared event kinds and time rules
    ("control.event.approval_requested", "Approval requested", "提交审批"),
    ("control.event.approval_decided", "Approval decided", "审批完成"),
    ("control.event.data_checked", "Customer data checked", "客户数据已核查"),
    ("control.event.change_requested", "Data change requested", "提交数据变更申请"),
    ("control.event.change_reviewed", "Data change reviewed", "数据变更已审核"),
    ("control.event.reconciled", "Accounts reconciled", "已对账"),
    ("control.rule.approval_response", "Decide the approval request", "处理审批申请"),
    (
        "control.rule.quarterly_data_check",
        "Check the customer's data (quarterly)",
        "核查客户数据（每季度）",
    ),
    ("control.rule.change_review_response", "Review the data change request", "审核数据变更申请"),
    (
        "control.rule.periodic_reconciliation",
        "Reconcile the accounts (monthly)",
        "定期对账（每月）",
    ),
    # reasons a control refuses
    (
        "control.reason.requester_cannot_approve",
        "The requester cannot decide their own request",
        "申请人不能审批自己的申请",
    ),
    ("control.reason.already_decided", "Already decided in this chain", "已在本流程中审批过"),
    ("control.reason.conflicting_duty", "Would hold two conflicting duties", "将兼任不相容职务"),
    ("control.reason.not_an_approver", "Not an approver of this step", "不是此步骤的审批人"),
    (
        "control.reason.ambiguous_step",
        "Several steps possible: name the step",
        "可审批多个步骤，请指明步骤",
    ),
    ("control.reason.unknown_step", "No such step", "没有此步骤"),
    ("control.reason.step_not_applicable", "The step does not apply", "此步骤不适用"),
    ("control.reason.step_complete", "The step is already approved", "此步骤已审批完成"),
    ("control.reason.step_not_open", "The step waits for an earlier phase", "此步骤须等待前一阶段"),
    ("control.reason.not_pending", "The request is no longer pending", "申请已不在审批中"),
    (
        "control.reason.break_glass_not_allowed",
        "The policy allows no override",
        "此政策不允许紧急越权",
    ),
    ("control.reason.not_break_glass_holder", "Not allowed to override", "无紧急越权权限"),
    ("control.reason.not_the_requester", "Only the requester may withdraw", "只有申请人可以撤回"),
    ("control.reason.unpaid", "Payment comes before delivery", "须先收款后发货"),
    (
        "control.reason.exception_wrong_policy",
        "The exception is of another kind",
        "例外审批类型不符",
    ),
    (
        "control.reason.exception_other_subject",
        "The exception is for another order",
        "例外审批针对其他订单",
    ),
    ("control.reason.exception_not_approved", "The exception is not approved", "例外审批未获批准"),
    ("control.reason.not_approved", "The change request is not approved", "变更申请未获批准"),
    (
        "control.reason.wrong_record",
        "The change request is for another record",
        "变更申请针对其他记录",
    ),
    (
        "control.reason.stale_change",
        "The field has changed since the request",
        "该字段在申请后已变更",
    ),
    (
        "control.reason.not_data_keeper",
        "Only the data keepers apply changes",
        "只有数据管理部门可以执行变更",
    ),
    (
        "control.reason.not_in_owning_department",
        "Not in the department that owns the field",
        "不属于该字段的主管部门",
    ),
    # price findings
    ("control.finding.unknown_product", "Not on the price list", "不在价目表中"),
    ("control.finding.no_price_on_date", "No price valid on that day", "当日无有效价格"),
    ("control.finding.wrong_currency", "Priced in another currency", "币种与价目表不符"),
    ("control.finding.above_list", "Above the list price", "高于目录价格"),
    ("control.finding.below_floor", "Below the discount floor", "低于最低折扣价"),
    # the demo
    (
        "control.demo.request",
        "{policy}: {deal} ({id}), {amount}, organised by {person}",
        "{policy}：{deal}（{id}），{amount}，由 {person} 组织",
    ),
    ("control.demo.open_steps", "Open steps:", "待审批步骤："),
    (
        "control.demo.refused",
        "{person} organises the review and tries to sign: refused",
        "{person} 组织评审并尝试签署：被拒绝",
    ),
    (
        "control.demo.decided",
        "{person}: {decision}, {step} ({at})",
        "{person}：{decision}，{step}（{at}）",
    ),
    ("control.demo.status", "Outcome: {status}", "结果：{status}"),
    # vocabularies
    ("enum.request_status.pending", "Pending", "审批中"),
    ("enum.request_status.approved", "Approved", "已批准"),
    ("enum.request_status.rejected", "Rejected", "已驳回"),
    ("enum.request_status.withdrawn", "Withdrawn", "已撤回"),
    ("enum.decision_kind.approve", "Approve", "批准"),
    ("enum.decision_kind.reject", "Reject", "驳回"),
    ("enum.decision_kind.break_glass", "Emergency override", "紧急越权"),
    ("enum.decision_kind.withdraw", "Withdraw", "撤回"),
    ("enum.classification.public", "Public", "公开"),
    ("enum.classification.internal", "Internal", "内部"),
    ("enum.classification.confidential", "Confidential", "机密"),
    ("enum.change_status.pending", "Pending review", "待审核"),
    ("enum.change_status.approved", "Approved", "已批准"),
    ("enum.change_status.rejected", "Rejected", "已驳回"),
    ("enum.change_status.applied", "Applied", "已变更"),
)

EN: dict[str, str] = {key: en for key, en, _ in _LABELS}
ZH_HANS: dict[str, str] = {key: zh for key, _, zh in _LABELS}
