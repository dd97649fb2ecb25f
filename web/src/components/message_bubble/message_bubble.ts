import { Component, xml } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import type { ChatMessageView, Part } from "../../chat_types.js";
import { turnStopKind } from "../../panel_errors.js";
import { renderText } from "../../render_text.js";
import { ArtifactPartView } from "../artifact_part/artifact_part.js";
import { ToolChip } from "../tool_chip/tool_chip.js";

/** One message. User text is shown as typed; assistant text goes through render_text only. */
export class MessageBubble extends Component {
    static components = { ArtifactPartView, ToolChip };
    static override props = { message: Object };
    static override template = xml`
        <div class="o_parley_message" t-att-class="'o_parley_message_' + props.message.role"
             data-testid="parley-message" t-att-data-role="props.message.role"
             t-att-data-turn-id="props.message.turnId" t-att-data-streaming="props.message.streaming ? 'true' : 'false'">
            <div class="o_parley_bubble">
                <t t-foreach="props.message.parts" t-as="part" t-key="part_index">
                    <t t-if="part.kind === 'text'">
                        <div t-if="props.message.role === 'user'" class="o_parley_user_text" t-esc="part.text"/>
                        <div t-else="" class="o_parley_markdown" data-testid="parley-assistant-text" t-out="html(part, part_index)"/>
                    </t>
                    <ArtifactPartView t-elif="part.kind === 'artifact'" part="part"/>
                    <ToolChip t-else="" call="part.call"/>
                </t>
                <div t-if="props.message.streaming" class="o_parley_typing text-muted" data-testid="parley-streaming" t-att-aria-label="labels.thinking">
                    <span/><span/><span/>
                </div>
                <div t-if="props.message.turnState === 'failed'" class="o_parley_turn_error text-danger small mt-1" data-testid="parley-turn-error"
                     t-att-data-code="props.message.turnError ? props.message.turnError.code : undefined">
                    <i class="fa fa-exclamation-circle me-1" role="img"/>
                    <t t-if="headline"><strong data-testid="parley-turn-error-headline" t-esc="headline"/></t>
                    <t t-else="" t-esc="labels.failed"/>
                    <t t-if="props.message.turnError and props.message.turnError.message"> <t t-esc="props.message.turnError.message"/></t>
                </div>
                <div t-if="props.message.turnState === 'cancelled'" class="o_parley_turn_stopped text-muted small mt-1" data-testid="parley-turn-stopped" t-esc="labels.stopped"/>
            </div>
        </div>`;

    declare props: { message: ChatMessageView };
    declare labels: Record<"failed" | "stopped" | "thinking" | "kill_switch" | "circuit_breaker", string>;
    private readonly rendered = new Map<number, { text: string; html: ReturnType<typeof renderText> }>();

    override setup(): void {
        this.labels = {
            failed: _t("This answer failed."),
            stopped: _t("Stopped."),
            thinking: _t("Parley is answering"),
            kill_switch: _t("An administrator stopped Parley (kill switch): nothing more runs until it is released."),
            circuit_breaker: _t("Parley stopped this answer after too many failed, refused or declined actions in a row."),
        };
    }

    /** The kill switch and the circuit breaker are explained in plain words; Odoo's message follows. */
    get headline(): string | null {
        const kind = turnStopKind(this.props.message.turnError);
        return kind === null ? null : this.labels[kind];
    }

    /** Streaming re-renders on every delta; re-parse only the text that changed. */
    html(part: Part, index: number): ReturnType<typeof renderText> | "" {
        if (part.kind !== "text") {
            return "";
        }
        let cached = this.rendered.get(index);
        if (!cached || cached.text !== part.text) {
            cached = { text: part.text, html: renderText(part.text) };
            this.rendered.set(index, cached);
        }
        return cached.html;
    }
}
