import { Component, useEffect, useRef, useState, xml } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";
import { ParleyChat } from "../../chat_service.js";

const MAX_ROWS_PX = 160;

/** Text box: Enter sends, Shift+Enter adds a line; Stop replaces Send while a turn runs. */
export class Composer extends Component {
    static override props = {};
    static override template = xml`
        <div class="o_parley_composer border-top">
            <div t-if="state.context" class="o_parley_context small text-muted px-3 pt-2 text-truncate" data-testid="parley-context"
                 t-att-data-model="state.context.model" t-att-data-record-id="state.context.record_id or undefined">
                <i class="fa fa-paperclip me-1" role="img"/>
                <t t-esc="contextLabel"/>
            </div>
            <div class="d-flex align-items-end gap-2 p-2">
                <textarea class="o_parley_input form-control" rows="1" data-testid="parley-composer" t-ref="input"
                          t-att-placeholder="labels.placeholder" t-att-aria-label="labels.placeholder"
                          t-model="state.draft" t-on-keydown="onKeydown" t-on-input="resize"/>
                <button t-if="running" type="button" class="btn btn-secondary" data-testid="parley-stop"
                        t-att-title="labels.stop" t-on-click="() => this.chat.stop()">
                    <i class="fa fa-stop me-1" role="img"/><t t-esc="labels.stop"/>
                </button>
                <button t-else="" type="button" class="btn btn-primary" data-testid="parley-send"
                        t-att-title="labels.send" t-att-aria-label="labels.send"
                        t-att-disabled="!state.draft.trim() or state.sending" t-on-click="() => this.submit()">
                    <i class="fa fa-paper-plane" role="img"/>
                </button>
            </div>
        </div>`;

    declare chat: ParleyChat;
    declare state: ParleyChat["state"];
    declare labels: Record<"placeholder" | "send" | "stop" | "context", string>;
    declare input: { el: HTMLTextAreaElement | null };

    override setup(): void {
        this.chat = useService<ParleyChat>("parley_chat");
        this.state = useState(this.chat.state);
        this.labels = {
            placeholder: _t("Ask Parley… (Enter to send, Shift+Enter for a new line)"),
            send: _t("Send"),
            stop: _t("Stop"),
            context: _t("About"),
        };
        this.input = useRef<HTMLTextAreaElement>("input");
        useEffect(
            () => {
                this.input.el?.focus();
            },
            () => [this.state.focusRequest],
        );
        useEffect(
            () => this.resize(),
            () => [this.state.draft],
        );
    }

    get running(): boolean {
        return ParleyChat.runningTurnId(this.state) !== null;
    }

    get contextLabel(): string {
        const context = this.state.context;
        if (!context) {
            return "";
        }
        const target = context.record_id ? `${context.model} #${context.record_id}` : context.model;
        return `${this.labels.context}: ${target}`;
    }

    onKeydown(ev: KeyboardEvent): void {
        if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
            ev.preventDefault();
            void this.submit();
        }
    }

    async submit(): Promise<void> {
        const sending = this.chat.send();
        this.syncBox();
        await sending;
        this.syncBox(); // the text comes back when nothing could be stored
        this.input.el?.focus();
    }

    /** t-model compares with the last *rendered* value: text pasted and sent within one frame was
     * never rendered, so changing the state alone would leave the box out of step. */
    private syncBox(): void {
        if (this.input.el && this.input.el.value !== this.state.draft) {
            this.input.el.value = this.state.draft;
        }
    }

    resize(): void {
        const el = this.input.el;
        if (el) {
            el.style.height = "auto";
            el.style.height = `${Math.min(el.scrollHeight, MAX_ROWS_PX)}px`;
        }
    }
}
