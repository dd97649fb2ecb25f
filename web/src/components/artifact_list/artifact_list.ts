import { Component, useState, xml } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";
import { ParleyChat } from "../../chat_service.js";
import type { ArtifactPart } from "../../chat_types.js";

/**
 * The current session's charts and reports, stored and live, in conversation order. Picking one
 * shows it in the side viewer beside the chat. Titles are drawn as text only.
 */
export class ArtifactList extends Component {
    static override props = {};
    static override template = xml`
        <div class="o_parley_artifact_list" data-testid="parley-artifact-list">
            <div class="o_parley_sessions_heading text-muted small text-uppercase fw-bold px-3 pt-3 pb-1" t-esc="labels.heading"/>
            <div t-if="!items.length" class="text-muted p-3" data-testid="parley-artifact-list-empty" t-esc="labels.empty"/>
            <ul class="list-unstyled mb-0">
                <li t-foreach="items" t-as="item" t-key="item.artifactId" class="o_parley_session px-3 py-2"
                    data-testid="parley-artifact-list-item" t-att-data-artifact-id="item.artifactId" t-att-data-kind="item.artifactKind">
                    <button type="button" class="btn btn-link text-start text-truncate w-100 p-0 d-flex align-items-center gap-2"
                            data-testid="parley-artifact-list-open" t-on-click="() => this.open(item)">
                        <i t-att-class="item.artifactKind === 'chart' ? 'fa fa-bar-chart' : 'fa fa-file-text-o'" role="img"
                           t-att-aria-label="item.artifactKind === 'chart' ? labels.chart : labels.report"/>
                        <span class="text-truncate" t-esc="item.title || (item.artifactKind === 'chart' ? labels.chart : labels.report)"/>
                    </button>
                </li>
            </ul>
        </div>`;

    declare chat: ParleyChat;
    declare chatState: ParleyChat["state"];
    declare labels: Record<"heading" | "empty" | "chart" | "report", string>;

    override setup(): void {
        this.chat = useService<ParleyChat>("parley_chat");
        this.chatState = useState(this.chat.state);
        this.labels = {
            heading: _t("Charts and reports"),
            empty: _t("No charts or reports in this conversation yet."),
            chart: _t("Chart"),
            report: _t("Report"),
        };
    }

    get items(): ArtifactPart[] {
        return ParleyChat.artifactList(this.chatState);
    }

    open(item: ArtifactPart): void {
        this.chatState.showArtifacts = false;
        this.chat.openArtifact(item.artifactId);
    }
}
