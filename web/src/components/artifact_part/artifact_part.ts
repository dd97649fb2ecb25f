import { Component, xml } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";
import type { ParleyChat } from "../../chat_service.js";
import type { ArtifactPart } from "../../chat_types.js";
import { ArtifactViewer } from "../artifact_viewer/artifact_viewer.js";

/**
 * A chart or report in the conversation. A chart is drawn in place (ArtifactViewer: an <img> of its
 * SVG) and can be enlarged beside the chat; a report is a button that opens it in the side viewer,
 * where its sandboxed frame has room to be read. Only the title is drawn here, as text.
 */
export class ArtifactPartView extends Component {
    static components = { ArtifactViewer };
    static override props = { part: Object };
    static override template = xml`
        <div class="o_parley_artifact_part my-1" data-testid="parley-artifact-part"
             t-att-data-kind="props.part.artifactKind" t-att-data-artifact-id="props.part.artifactId">
            <t t-if="props.part.artifactKind === 'chart'">
                <ArtifactViewer artifactId="props.part.artifactId"/>
                <button type="button" class="o_parley_artifact_enlarge btn btn-sm btn-link px-0" data-testid="parley-artifact-show"
                        t-on-click="onShow"><i class="fa fa-expand me-1" role="img"/><t t-esc="labels.enlarge"/></button>
            </t>
            <button t-else="" type="button" class="o_parley_artifact_show btn btn-sm btn-light d-inline-flex align-items-center gap-2"
                    data-testid="parley-artifact-show" t-att-title="labels.show" t-on-click="onShow">
                <i class="fa fa-file-text-o" role="img" t-att-aria-label="labels.report"/>
                <span class="text-truncate" t-esc="props.part.title || labels.report"/>
                <span class="text-muted small text-nowrap" t-esc="labels.show"/>
            </button>
        </div>`;

    declare props: { part: ArtifactPart };
    declare chat: ParleyChat;
    declare labels: Record<"show" | "report" | "enlarge", string>;

    override setup(): void {
        this.chat = useService<ParleyChat>("parley_chat");
        this.labels = { show: _t("Show beside the chat"), report: _t("Report"), enlarge: _t("Enlarge beside the chat") };
    }

    onShow(): void {
        this.chat.openArtifact(this.props.part.artifactId);
    }
}
