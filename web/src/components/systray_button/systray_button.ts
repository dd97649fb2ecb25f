import { Component, useState, xml } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";
import { ParleyChat } from "../../chat_service.js";

/** The navbar icon that opens and closes the panel. */
export class SystrayButton extends Component {
    static override props = {};
    static override template = xml`
        <div class="o_parley_systray dropdown">
            <button type="button" class="dropdown-toggle o-no-caret o-dropdown--narrow"
                    data-testid="parley-systray-button"
                    t-att-class="{ 'o_parley_systray_active': state.open }"
                    t-att-title="title" t-att-aria-label="title" t-att-aria-pressed="state.open ? 'true' : 'false'"
                    t-on-click="() => this.chat.toggle()">
                <i class="fa fa-lg fa-commenting-o" role="img"/>
                <span t-if="running" class="o_parley_systray_dot" data-testid="parley-systray-running"/>
            </button>
        </div>`;

    declare chat: ParleyChat;
    declare state: ParleyChat["state"];

    override setup(): void {
        this.chat = useService<ParleyChat>("parley_chat");
        this.state = useState(this.chat.state);
    }

    get title(): string {
        return _t("Ask Parley");
    }

    get running(): boolean {
        return ParleyChat.runningTurnId(this.state) !== null;
    }
}
