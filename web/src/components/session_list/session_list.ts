import { Component, useEffect, useRef, useState, xml } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";
import type { ParleyChat, SessionSummary } from "../../chat_service.js";

/** The user's sessions: pick one, rename it in place, delete it after a second click. */
export class SessionList extends Component {
    static override props = {};
    static override template = xml`
        <div class="o_parley_sessions" data-testid="parley-session-list">
            <div class="o_parley_sessions_heading text-muted small text-uppercase fw-bold px-3 pt-3 pb-1" t-esc="labels.heading"/>
            <div t-if="!chatState.sessions.length" class="text-muted p-3" data-testid="parley-session-empty" t-esc="labels.empty"/>
            <ul class="list-unstyled mb-0">
                <li t-foreach="chatState.sessions" t-as="session" t-key="session.id"
                    class="o_parley_session d-flex align-items-center gap-1 px-3 py-2"
                    t-att-class="{ 'o_parley_session_current': session.id === chatState.currentSessionId }"
                    data-testid="parley-session-item" t-att-data-session-id="session.id">
                    <t t-if="local.renamingId === session.id">
                        <input type="text" class="form-control form-control-sm flex-grow-1" maxlength="200"
                               data-testid="parley-session-rename-input" t-model="local.draftName"
                               t-on-keydown="(ev) => this.onRenameKey(ev, session)" t-on-blur="() => this.commitRename(session)"
                               t-ref="renameInput"/>
                    </t>
                    <t t-elif="local.confirmingDeleteId === session.id">
                        <span class="flex-grow-1 text-truncate" t-esc="labels.confirmDelete"/>
                        <button type="button" class="btn btn-sm btn-danger" data-testid="parley-session-delete-confirm"
                                t-on-click="() => this.confirmDelete(session)" t-esc="labels.delete"/>
                        <button type="button" class="btn btn-sm btn-secondary" data-testid="parley-session-delete-cancel"
                                t-on-click="() => this.local.confirmingDeleteId = null" t-esc="labels.cancel"/>
                    </t>
                    <t t-else="">
                        <button type="button" class="o_parley_session_name btn btn-link text-start text-truncate flex-grow-1 p-0"
                                data-testid="parley-session-open" t-on-click="() => this.chat.selectSession(session.id)">
                            <i t-if="session.running_turn_id" class="fa fa-circle-o-notch fa-spin me-1 text-muted" role="img"/>
                            <span data-testid="parley-session-name" t-esc="session.name"/>
                        </button>
                        <button type="button" class="btn btn-sm btn-link text-muted p-1" data-testid="parley-session-rename"
                                t-att-title="labels.rename" t-att-aria-label="labels.rename" t-on-click="() => this.startRename(session)">
                            <i class="fa fa-pencil" role="img"/>
                        </button>
                        <button type="button" class="btn btn-sm btn-link text-muted p-1" data-testid="parley-session-delete"
                                t-att-title="labels.delete" t-att-aria-label="labels.delete" t-on-click="() => this.local.confirmingDeleteId = session.id">
                            <i class="fa fa-trash" role="img"/>
                        </button>
                    </t>
                </li>
            </ul>
        </div>`;

    declare chat: ParleyChat;
    declare chatState: ParleyChat["state"];
    declare local: { renamingId: number | null; draftName: string; confirmingDeleteId: number | null };
    declare labels: Record<"heading" | "empty" | "rename" | "delete" | "cancel" | "confirmDelete", string>;

    override setup(): void {
        this.chat = useService<ParleyChat>("parley_chat");
        this.chatState = useState(this.chat.state);
        this.local = useState({ renamingId: null, draftName: "", confirmingDeleteId: null });
        const renameInput = useRef<HTMLInputElement>("renameInput");
        useEffect(
            (renamingId) => {
                if (renamingId !== null && renameInput.el) {
                    renameInput.el.focus();
                    renameInput.el.select();
                }
            },
            () => [this.local.renamingId],
        );
        this.labels = {
            heading: _t("Conversations"),
            empty: _t("No conversations yet."),
            rename: _t("Rename"),
            delete: _t("Delete"),
            cancel: _t("Cancel"),
            confirmDelete: _t("Delete this conversation?"),
        };
    }

    startRename(session: SessionSummary): void {
        this.local.confirmingDeleteId = null;
        this.local.renamingId = session.id;
        this.local.draftName = session.name;
    }

    onRenameKey(ev: KeyboardEvent, session: SessionSummary): void {
        if (ev.key === "Enter") {
            ev.preventDefault();
            void this.commitRename(session);
        } else if (ev.key === "Escape") {
            ev.stopPropagation();
            this.local.renamingId = null;
        }
    }

    async commitRename(session: SessionSummary): Promise<void> {
        if (this.local.renamingId !== session.id) {
            return; // already committed by Enter before the blur
        }
        this.local.renamingId = null;
        await this.chat.renameSession(session.id, this.local.draftName);
    }

    async confirmDelete(session: SessionSummary): Promise<void> {
        this.local.confirmingDeleteId = null;
        await this.chat.deleteSession(session.id);
    }
}
