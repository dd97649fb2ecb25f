import { Component, useState, xml } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";
import { ParleyChat } from "../../chat_service.js";
import { ArtifactList } from "../artifact_list/artifact_list.js";
import { ArtifactViewer } from "../artifact_viewer/artifact_viewer.js";
import { Composer } from "../composer/composer.js";
import { ErrorBanner } from "../error_banner/error_banner.js";
import { MessageList } from "../message_list/message_list.js";
import { SessionList } from "../session_list/session_list.js";

/** The side panel, mounted once by the web client (main_components) and shown on demand. */
export class ChatPanel extends Component {
    static components = { ArtifactList, ArtifactViewer, Composer, ErrorBanner, MessageList, SessionList };
    static override props = {};
    static override template = xml`
        <aside t-if="state.open" class="o_parley_panel d-flex flex-column" data-testid="parley-panel"
               role="complementary" t-att-aria-label="labels.title" t-on-keydown="onKeydown">
            <header class="o_parley_header d-flex align-items-center gap-1 px-2 border-bottom">
                <button type="button" class="btn btn-sm btn-light" data-testid="parley-sessions-toggle"
                        t-att-title="labels.sessions" t-att-aria-label="labels.sessions"
                        t-att-aria-expanded="state.showSessions ? 'true' : 'false'"
                        t-on-click="toggleSessions">
                    <i class="fa fa-bars" role="img"/>
                </button>
                <div class="o_parley_title flex-grow-1 text-truncate fw-bold" data-testid="parley-title" t-esc="title"/>
                <button t-if="state.currentSessionId !== null" type="button" class="btn btn-sm btn-light d-inline-flex align-items-center gap-1"
                        data-testid="parley-artifacts-toggle" t-att-title="labels.artifacts" t-att-aria-label="labels.artifacts"
                        t-att-aria-expanded="state.showArtifacts ? 'true' : 'false'" t-on-click="toggleArtifacts">
                    <i class="fa fa-bar-chart" role="img"/>
                    <span t-if="artifactCount" class="badge text-bg-secondary" data-testid="parley-artifacts-count" t-esc="artifactCount"/>
                </button>
                <button type="button" class="btn btn-sm btn-light" data-testid="parley-new-session"
                        t-att-title="labels.newSession" t-att-aria-label="labels.newSession" t-on-click="() => this.chat.newSession()">
                    <i class="fa fa-plus" role="img"/>
                </button>
                <button type="button" class="btn btn-sm btn-light" data-testid="parley-close"
                        t-att-title="labels.close" t-att-aria-label="labels.close" t-on-click="() => this.chat.close()">
                    <i class="fa fa-times" role="img"/>
                </button>
            </header>
            <ErrorBanner/>
            <div class="o_parley_body flex-grow-1 position-relative">
                <MessageList/>
                <div t-if="state.showSessions" class="o_parley_sessions_overlay">
                    <SessionList/>
                </div>
                <div t-elif="state.showArtifacts" class="o_parley_sessions_overlay">
                    <ArtifactList/>
                </div>
            </div>
            <Composer/>
            <section t-if="state.openArtifactId !== null" class="o_parley_side_viewer" data-testid="parley-side-viewer"
                     t-att-aria-label="labels.artifact">
                <ArtifactViewer t-key="state.openArtifactId" artifactId="state.openArtifactId" onClose="() => this.chat.closeArtifact()"/>
            </section>
        </aside>`;

    declare chat: ParleyChat;
    declare state: ParleyChat["state"];
    declare labels: Record<"title" | "sessions" | "newSession" | "close" | "newConversation" | "artifact" | "artifacts", string>;

    override setup(): void {
        this.chat = useService<ParleyChat>("parley_chat");
        this.state = useState(this.chat.state);
        this.labels = {
            title: _t("Parley"),
            sessions: _t("Conversations"),
            newSession: _t("New conversation"),
            close: _t("Close"),
            newConversation: _t("New conversation"),
            artifact: _t("Chart or report"),
            artifacts: _t("Charts and reports of this conversation"),
        };
    }

    onKeydown(ev: KeyboardEvent): void {
        if (ev.key === "Escape" && !ev.defaultPrevented) {
            ev.stopPropagation();
            if (this.state.openArtifactId !== null) {
                this.chat.closeArtifact();
            } else if (this.state.showSessions || this.state.showArtifacts) {
                this.state.showSessions = false;
                this.state.showArtifacts = false;
            } else {
                this.chat.close();
            }
        }
    }

    toggleSessions(): void {
        this.state.showSessions = !this.state.showSessions;
        this.state.showArtifacts = false;
    }

    toggleArtifacts(): void {
        this.state.showArtifacts = !this.state.showArtifacts;
        this.state.showSessions = false;
    }

    get artifactCount(): number {
        return ParleyChat.artifactList(this.state).length;
    }

    get title(): string {
        return ParleyChat.currentSession(this.state)?.name ?? this.labels.newConversation;
    }
}
