import { Component, useState, xml } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { toolOutcome } from "../../approval_view.js";
import type { ToolCallView } from "../../chat_types.js";
import { ApprovalCard } from "../approval_card/approval_card.js";

/** One tool call: name, short arguments, state and duration; click for the result or error. */
export class ToolChip extends Component {
    static components = { ApprovalCard };
    static override props = { call: Object };
    static override template = xml`
        <div class="o_parley_tool" t-att-class="'o_parley_tool_' + props.call.state"
             data-testid="parley-tool-chip" t-att-data-state="props.call.state" t-att-data-tool="props.call.tool"
             t-att-data-duration-ms="props.call.durationMs === null ? undefined : props.call.durationMs">
            <button type="button" class="o_parley_tool_head btn btn-sm d-inline-flex align-items-center gap-2"
                    data-testid="parley-tool-toggle" t-att-aria-expanded="local.expanded ? 'true' : 'false'"
                    t-on-click="() => this.local.expanded = !this.local.expanded">
                <i t-if="props.call.state === 'running'" class="fa fa-circle-o-notch fa-spin" role="img" t-att-aria-label="labels.running"/>
                <i t-elif="props.call.state === 'waiting'" class="fa fa-hourglass-half text-warning" role="img" t-att-aria-label="labels.waiting"/>
                <i t-elif="props.call.state === 'done'" class="fa fa-check text-success" role="img" t-att-aria-label="labels.done"/>
                <i t-else="" class="fa fa-times text-danger" role="img" t-att-aria-label="labels.error"/>
                <span class="o_parley_tool_name fw-bold" data-testid="parley-tool-name" t-esc="props.call.tool"/>
                <span t-if="props.call.argsSummary" class="o_parley_tool_args text-truncate" data-testid="parley-tool-args" t-esc="props.call.argsSummary"/>
                <span t-if="props.call.durationMs !== null" class="o_parley_tool_duration text-muted" data-testid="parley-tool-duration" t-esc="duration"/>
                <span t-if="outcome" class="o_parley_tool_outcome badge text-bg-light" data-testid="parley-tool-outcome" t-esc="outcome"/>
            </button>
            <div t-if="local.expanded" class="o_parley_tool_detail small" data-testid="parley-tool-detail">
                <div t-if="props.call.error" class="o_parley_tool_error_text text-danger text-break" data-testid="parley-tool-error" t-esc="props.call.error.message || props.call.error.code"/>
                <div t-elif="props.call.resultSummary" data-testid="parley-tool-result" t-esc="props.call.resultSummary"/>
                <div t-elif="props.call.state === 'running'" class="text-muted" t-esc="labels.running"/>
                <pre t-if="props.call.argsText" class="o_parley_tool_argtext mb-0 mt-1" t-esc="props.call.argsText"/>
            </div>
            <ApprovalCard t-if="props.call.approval" entry="props.call.approval"/>
        </div>`;

    declare props: { call: ToolCallView };
    declare local: { expanded: boolean };
    declare labels: Record<"running" | "waiting" | "done" | "error", string>;

    override setup(): void {
        // An error is worth seeing without a click: access errors must be read, not hunted for.
        // A declined call's card already says what happened.
        this.local = useState({ expanded: this.props.call.state === "error" && !this.props.call.approval });
        this.labels = { running: _t("Running…"), waiting: _t("Waiting for your approval"), done: _t("Done"), error: _t("Failed") };
    }

    /** "written" / "declined" for write calls, so the chip says what happened without a click. */
    get outcome(): string | null {
        return toolOutcome(this.props.call, this.props.call.approval?.state ?? null);
    }

    get duration(): string {
        const ms = this.props.call.durationMs ?? 0;
        return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
    }
}
