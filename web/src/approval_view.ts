// Approval cards (issue 4): what a card shows is built ONLY from Odoo's preview (docs/wire.md §4,
// §6 Previews), computed as the user from the call's real arguments. The model's own text about the
// call is never used here: a hostile note can make the model describe one change and send another.
// Everything returned is plain text; the component prints it with t-esc. No OWL import.

import type { ToolCallView, WireError } from "./chat_types.js";
import { asError, isRecord } from "./tool_view.js";

export type ApprovalState = "pending" | "approved" | "denied" | "expired";

/** One approval request as the panel keeps it (live from the bus, or from history after a reload). */
export interface ApprovalEntry {
    turnId: number;
    callId: string;
    tool: string;
    preview: unknown;
    state: ApprovalState;
    /** a decision is on its way to Odoo */
    deciding: boolean;
}

export interface ApprovalRow {
    field: string;
    label: string;
    /** null when the row has no "before" (create, message) */
    old: string | null;
    new: string;
}

export interface ApprovalGroup {
    heading: string;
    rows: ApprovalRow[];
    /** plain lines (record names of an action or a delete) */
    lines: string[];
}

export interface ApprovalCardView {
    callId: string;
    tool: string;
    state: ApprovalState;
    title: string;
    modelLabel: string;
    groups: ApprovalGroup[];
    error: WireError | null;
    canApprove: boolean;
    canDeny: boolean;
}

const WRITE_TOOLS = new Set(["create_record", "update_records", "run_action", "post_message", "delete_records"]);

const TITLES: Record<string, string> = {
    update_records: "Change records",
    create_record: "Create a record",
    run_action: "Run an action",
    delete_records: "Delete records",
    post_message: "Post a message",
};

/** The entry for an `approval.request` event or a history `pending_approvals` item; null if malformed. */
export function approvalFromWire(turnId: number, raw: unknown): ApprovalEntry | null {
    if (!isRecord(raw) || typeof raw.call_id !== "string" || !raw.call_id || typeof raw.tool !== "string") {
        return null;
    }
    return { turnId, callId: raw.call_id, tool: raw.tool, preview: raw.preview ?? null, state: "pending", deciding: false };
}

/** A preview value (text, number, boolean, null or a list of text) as one line of text. */
export function valueText(value: unknown): string {
    if (value === null || value === undefined || value === "") {
        return "(empty)";
    }
    if (typeof value === "boolean") {
        return value ? "Yes" : "No";
    }
    if (Array.isArray(value)) {
        return value.length ? value.map((item) => valueText(item)).join("; ") : "(none)";
    }
    if (typeof value === "object") {
        // Not a documented preview shape: show it as data, never interpret it.
        return JSON.stringify(value);
    }
    return String(value);
}

function text(value: unknown, fallback = ""): string {
    return typeof value === "string" ? value : typeof value === "number" ? String(value) : fallback;
}

function recordName(record: unknown): string {
    if (!isRecord(record)) {
        return "";
    }
    const id = typeof record.id === "number" ? ` (#${record.id})` : "";
    return `${text(record.name, "?")}${id}`;
}

function list(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

function changeRows(changes: unknown, withOld: boolean): ApprovalRow[] {
    return list(changes).filter(isRecord).map((change) => ({
        field: text(change.field),
        label: text(change.label) || text(change.field),
        old: withOld ? valueText(change.old) : null,
        new: valueText(change.new),
    }));
}

function groupsOf(tool: string, preview: Record<string, unknown>, modelLabel: string): ApprovalGroup[] {
    switch (tool) {
        case "update_records":
            return list(preview.records).map((record) => ({
                heading: recordName(record),
                rows: changeRows(isRecord(record) ? record.changes : [], true),
                lines: [],
            }));
        case "create_record":
            return [{ heading: `New ${modelLabel}`, rows: changeRows(preview.values, false), lines: [] }];
        case "run_action":
            return [{
                heading: `Button: ${text(preview.label) || text(preview.method)}`,
                rows: [],
                lines: list(preview.records).map(recordName),
            }];
        case "delete_records":
            return [{ heading: "Records to delete", rows: [], lines: list(preview.records).map(recordName) }];
        case "post_message": {
            const kind = preview.kind === "message" ? "Message to followers" : "Internal note";
            return [{
                heading: recordName(preview.record),
                rows: [
                    { field: "kind", label: "Type", old: null, new: kind },
                    { field: "body", label: "Text", old: null, new: valueText(preview.body) },
                ],
                lines: [],
            }];
        }
        default:
            return [];
    }
}

/** What one card draws. A preview that is missing, carries an error or has an unknown shape cannot be approved. */
export function approvalCardView(entry: ApprovalEntry): ApprovalCardView {
    const preview = isRecord(entry.preview) ? entry.preview : null;
    let error = preview ? asError(preview.error) : null;
    const modelLabel = preview ? text(preview.model_label) || text(preview.model) : "";
    const groups = preview && !error ? groupsOf(entry.tool, preview, modelLabel) : [];
    if (!error && (!preview || !groups.length)) {
        error = { code: "no_preview", message: "Odoo could not show what this call would do." };
    }
    const open = entry.state === "pending" && !entry.deciding;
    return {
        callId: entry.callId,
        tool: entry.tool,
        state: entry.state,
        title: TITLES[entry.tool] ?? entry.tool,
        modelLabel,
        groups,
        error,
        canApprove: open && error === null,
        canDeny: open,
    };
}

/** The word a write tool's chip shows once its fate is known: "written", "declined", or nothing. */
export function toolOutcome(call: ToolCallView, approval: ApprovalState | null): string | null {
    if (approval === "denied" || call.error?.code === "approval_denied") {
        return "declined";
    }
    if (approval === "expired" && call.state !== "done") {
        return "expired";
    }
    if (WRITE_TOOLS.has(call.tool) && call.state === "done") {
        return "written";
    }
    if (approval === "pending") {
        return "awaiting approval";
    }
    return null;
}
