import { Component, useState, xml } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";
import type { ParleyChat } from "../../chat_service.js";

/** What went wrong, in plain words, with Odoo's own message underneath. */
export class ErrorBanner extends Component {
    static override props = {};
    static override template = xml`
        <div t-if="state.error" class="o_parley_error alert mb-0 rounded-0 d-flex gap-2 align-items-start py-2 small"
             t-att-class="state.error.kind === 'request_failed' ? 'alert-danger' : 'alert-warning'"
             role="alert" data-testid="parley-error-banner" t-att-data-kind="state.error.kind">
            <i class="fa fa-exclamation-triangle mt-1" role="img"/>
            <div class="flex-grow-1 text-break">
                <div class="fw-bold" t-esc="headline"/>
                <div t-esc="advice"/>
                <div t-if="state.error.detail" class="small text-muted mt-1" data-testid="parley-error-detail" t-esc="state.error.detail"/>
            </div>
            <button t-if="state.error.kind !== 'request_failed'" type="button" class="btn btn-sm btn-link p-0 text-nowrap"
                    data-testid="parley-error-retry" t-on-click="() => this.chat.refreshStatus()" t-esc="retryLabel"/>
            <button type="button" class="btn-close" data-testid="parley-error-dismiss" t-att-aria-label="dismissLabel"
                    t-on-click="() => this.chat.dismissError()"/>
        </div>`;

    declare chat: ParleyChat;
    declare state: ParleyChat["state"];

    override setup(): void {
        this.chat = useService<ParleyChat>("parley_chat");
        this.state = useState(this.chat.state);
    }

    get headline(): string {
        switch (this.state.error?.kind) {
            case "bridge_down":
                return _t("The Parley bridge is not running.");
            case "no_model_key":
                return _t("No AI model is configured.");
            default:
                return _t("Something went wrong.");
        }
    }

    get advice(): string {
        switch (this.state.error?.kind) {
            case "bridge_down":
                return _t("Your messages are kept, but no answer can come until an administrator starts the bridge.");
            case "no_model_key":
                return _t("An administrator must give the bridge a model API key before Parley can answer.");
            default:
                return _t("Please try again. If it keeps happening, tell your administrator.");
        }
    }

    get retryLabel(): string {
        return _t("Check again");
    }

    get dismissLabel(): string {
        return _t("Dismiss");
    }
}
