import { Component, useEffect, useRef, useState, xml } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";
import { ParleyChat } from "../../chat_service.js";
import type { ChatMessageView } from "../../chat_types.js";
import { MessageBubble } from "../message_bubble/message_bubble.js";

/** Pixels from the bottom within which new text keeps the view pinned to the end. */
const PIN_DISTANCE = 80;

/** The conversation; keeps the newest text in view and turns record links into navigation. */
export class MessageList extends Component {
    static components = { MessageBubble };
    static override props = {};
    static override template = xml`
        <div class="o_parley_messages" data-testid="parley-messages" t-ref="scroller"
             t-on-click="onClick" t-on-keydown="onKeydown" t-on-scroll="onScroll">
            <div t-if="state.loadingHistory and !state.history.length" class="text-muted p-3" t-esc="labels.loading"/>
            <div t-elif="!messages.length" class="o_parley_empty text-muted" data-testid="parley-empty">
                <i class="fa fa-comments-o fa-2x mb-2" role="img"/>
                <div t-esc="labels.empty"/>
            </div>
            <t t-foreach="messages" t-as="message" t-key="message.key">
                <MessageBubble message="message"/>
            </t>
        </div>`;

    declare chat: ParleyChat;
    declare state: ParleyChat["state"];
    declare labels: Record<"loading" | "empty", string>;
    private pinned = true;

    override setup(): void {
        this.chat = useService<ParleyChat>("parley_chat");
        this.state = useState(this.chat.state);
        this.labels = {
            loading: _t("Loading…"),
            empty: _t("Ask about your data, e.g. “which customers are in Belgium?”"),
        };
        const scroller = useRef("scroller");
        useEffect(
            () => {
                if (this.pinned && scroller.el) {
                    scroller.el.scrollTop = scroller.el.scrollHeight;
                }
            },
            () => [this.messages.length, this.contentSize(), this.state.currentSessionId],
        );
    }

    get messages(): ChatMessageView[] {
        return ParleyChat.timeline(this.state);
    }

    private contentSize(): number {
        let size = 0;
        for (const message of this.messages) {
            for (const part of message.parts) {
                if (part.kind === "text") {
                    size += part.text.length;
                } else {
                    size += part.kind === "tool" ? 1 + (part.call.state === "running" ? 0 : 1) : 1;
                }
            }
        }
        return size;
    }

    onScroll(ev: Event): void {
        const el = ev.currentTarget as HTMLElement;
        this.pinned = el.scrollHeight - el.scrollTop - el.clientHeight < PIN_DISTANCE;
    }

    onClick(ev: MouseEvent): void {
        this.followRecordLink(ev);
    }

    onKeydown(ev: KeyboardEvent): void {
        if (ev.key === "Enter") {
            this.followRecordLink(ev);
        }
    }

    /** render_text gives record links data attributes and no href; navigation is the action service's. */
    private followRecordLink(ev: Event): void {
        const target = ev.target instanceof Element ? ev.target.closest<HTMLElement>("a.o_parley_record_link") : null;
        if (!target) {
            return;
        }
        ev.preventDefault();
        const model = target.dataset.parleyModel;
        const resId = Number(target.dataset.parleyResId);
        if (model && Number.isInteger(resId) && resId > 0) {
            this.chat.openRecord(model, resId);
        }
    }
}
