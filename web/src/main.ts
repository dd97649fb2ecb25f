// Entry of the panel bundle: registers the chat service, the systray icon, the side panel and the
// "Ask Parley" command (Ctrl+K) in Odoo's registries. Built by scripts/build-web.mjs.

import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import type { ParleyChat } from "./chat_service.js";
import "./chat_service.js";
import { ChatPanel } from "./components/chat_panel/chat_panel.js";
import { SystrayButton } from "./components/systray_button/systray_button.js";

registry.category("systray").add("parley.SystrayButton", { Component: SystrayButton }, { sequence: 60 });
registry.category("main_components").add("parley.ChatPanel", { Component: ChatPanel, props: {} });

registry.category("command_provider").add("parley", {
    provide(env: { services: { parley_chat: ParleyChat } }) {
        return [
            {
                name: _t("Ask Parley"),
                action() {
                    void env.services.parley_chat.open();
                },
            },
        ];
    },
});
