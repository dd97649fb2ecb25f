import { Component, xml } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";
import { approvalCardView, type ApprovalCardView, type ApprovalEntry } from "../../approval_view.js";
import type { ParleyChat } from "../../chat_service.js";

/**
 * One approval card: what Odoo says the call will really do (its preview, computed as the user from
 * the real arguments), with Approve / Deny. Every value is printed with t-esc: no markup from the
 * preview, which can hold text taken from hostile records.
 */
export class ApprovalCard extends Component {
    static override props = { entry: Object };
    static override template = xml`
        <t t-set="card" t-value="view"/>
        <div class="o_parley_approval card my-2" t-att-class="'o_parley_approval_' + card.state"
             data-testid="parley-approval-card" t-att-data-call-id="card.callId" t-att-data-tool="card.tool"
             t-att-data-state="card.state">
            <div class="card-header py-1 px-2 d-flex align-items-center gap-2 small">
                <i class="fa fa-hand-paper-o" role="img"/>
                <span class="fw-bold" data-testid="parley-approval-title" t-esc="card.title"/>
                <span t-if="card.modelLabel" class="text-muted" data-testid="parley-approval-model" t-esc="card.modelLabel"/>
            </div>
            <div class="card-body py-1 px-2 small">
                <div t-if="card.error" class="text-danger text-break" data-testid="parley-approval-error"
                     t-att-data-code="card.error.code">
                    <i class="fa fa-exclamation-triangle me-1" role="img"/>
                    <t t-esc="labels.wouldFail"/> <t t-esc="card.error.message || card.error.code"/>
                </div>
                <t t-foreach="card.groups" t-as="group" t-key="group_index">
                    <div class="fw-bold mt-1 text-break" data-testid="parley-approval-heading" t-esc="group.heading"/>
                    <table t-if="group.rows.length" class="table table-sm mb-1 o_parley_approval_table">
                        <tbody>
                            <tr t-foreach="group.rows" t-as="row" t-key="row_index"
                                data-testid="parley-approval-row" t-att-data-field="row.field">
                                <th class="fw-normal text-muted" t-esc="row.label"/>
                                <td t-if="row.old !== null" class="text-break text-muted"
                                    data-testid="parley-approval-old" t-esc="row.old"/>
                                <td t-if="row.old !== null" class="text-muted px-0" aria-hidden="true">→</td>
                                <td class="text-break fw-bold" t-att-colspan="row.old === null ? 3 : undefined"
                                    data-testid="parley-approval-new" style="white-space: pre-wrap" t-esc="row.new"/>
                            </tr>
                        </tbody>
                    </table>
                    <ul t-if="group.lines.length" class="mb-1 ps-3">
                        <li t-foreach="group.lines" t-as="line" t-key="line_index" class="text-break"
                            data-testid="parley-approval-record" t-esc="line"/>
                    </ul>
                </t>
                <div t-if="card.state === 'pending'" class="d-flex gap-2 my-1">
                    <button type="button" class="btn btn-sm btn-primary" data-testid="parley-approval-approve"
                            t-att-disabled="!card.canApprove" t-on-click="() => this.decide('approve')" t-esc="labels.approve"/>
                    <button type="button" class="btn btn-sm btn-secondary" data-testid="parley-approval-deny"
                            t-att-disabled="!card.canDeny" t-on-click="() => this.decide('deny')" t-esc="labels.deny"/>
                </div>
                <div t-else="" class="my-1 fw-bold" data-testid="parley-approval-outcome"
                     t-att-class="card.state === 'approved' ? 'text-success' : 'text-muted'" t-esc="labels[card.state]"/>
            </div>
        </div>`;

    declare props: { entry: ApprovalEntry };
    declare chat: ParleyChat;
    declare labels: Record<"approve" | "deny" | "approved" | "denied" | "expired" | "pending" | "wouldFail", string>;

    override setup(): void {
        this.chat = useService<ParleyChat>("parley_chat");
        this.labels = {
            approve: _t("Approve"),
            deny: _t("Deny"),
            approved: _t("Approved"),
            denied: _t("Denied"),
            expired: _t("Expired: the answer stopped before a decision."),
            pending: "",
            wouldFail: _t("This change would fail:"),
        };
    }

    get view(): ApprovalCardView {
        return approvalCardView(this.props.entry);
    }

    decide(decision: "approve" | "deny"): void {
        void this.chat.decide(this.props.entry, decision);
    }
}
