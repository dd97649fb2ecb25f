// The approval card's view-model: built only from Odoo's preview (docs/wire.md §4, §6 Previews).
import { describe, expect, it } from "vitest";
import { approvalCardView, approvalFromWire, toolOutcome, valueText, type ApprovalEntry } from "../src/approval_view.js";
import type { ToolCallView } from "../src/chat_types.js";

function entry(tool: string, preview: unknown, extra: Partial<ApprovalEntry> = {}): ApprovalEntry {
    return { turnId: 4, callId: "toolu_1", tool, preview, state: "pending", deciding: false, ...extra };
}

const updatePreview = {
    tool: "update_records", model: "res.partner", model_label: "Contact",
    records: [{ id: 7, name: "Azure Interior", changes: [
        { field: "name", label: "Name", type: "char", old: "Azure Interior", new: "Azure SA" },
        { field: "comment", label: "Notes", type: "html", old: null, new: "Called on Monday" },
    ] }],
};

describe("approvalCardView", () => {
    it("shows for each record of an update the field label, its current value and its new value", () => {
        const view = approvalCardView(entry("update_records", updatePreview));
        expect(view.modelLabel).toBe("Contact");
        expect(view.groups).toEqual([{
            heading: "Azure Interior (#7)",
            rows: [
                { field: "name", label: "Name", old: "Azure Interior", new: "Azure SA" },
                { field: "comment", label: "Notes", old: "(empty)", new: "Called on Monday" },
            ],
            lines: [],
        }]);
        expect(view.canApprove).toBe(true);
        expect(view.error).toBeNull();
    });

    it("shows the real arguments of the preview, not what the model said about them", () => {
        // The event carries the model's args and Odoo's preview; only the preview is drawn.
        const raw = { call_id: "toolu_9", tool: "update_records", args: { model: "res.partner", ids: [7], values: { name: "harmless" } },
            preview: { ...updatePreview, records: [{ id: 7, name: "Azure Interior", changes: [
                { field: "email", label: "Email", type: "char", old: "azure@example.com", new: "attacker@evil.test" }] }] } };
        const view = approvalCardView(approvalFromWire(4, raw)!);
        expect(view.groups[0]?.rows).toEqual([{ field: "email", label: "Email", old: "azure@example.com", new: "attacker@evil.test" }]);
        expect(JSON.stringify(view)).not.toContain("harmless");
    });

    it("shows a create as the model and its field/value list", () => {
        const view = approvalCardView(entry("create_record", { tool: "create_record", model: "res.partner", model_label: "Contact",
            values: [{ field: "name", label: "Name", type: "char", new: "New Co" }, { field: "is_company", label: "Is a Company", type: "boolean", new: true }] }));
        expect(view.groups).toEqual([{ heading: "New Contact", lines: [], rows: [
            { field: "name", label: "Name", old: null, new: "New Co" },
            { field: "is_company", label: "Is a Company", old: null, new: "Yes" },
        ] }]);
    });

    it("shows an action as the button's label and the records", () => {
        const view = approvalCardView(entry("run_action", { tool: "run_action", model: "sale.order", model_label: "Sales Order",
            method: "action_quotation_sent", label: "Mark as Sent", records: [{ id: 1, name: "S00001" }, { id: 2, name: "S00002" }] }));
        expect(view.groups).toEqual([{ heading: "Button: Mark as Sent", rows: [], lines: ["S00001 (#1)", "S00002 (#2)"] }]);
    });

    it("shows a delete as the records' names", () => {
        const view = approvalCardView(entry("delete_records", { tool: "delete_records", model: "res.partner", model_label: "Contact",
            records: [{ id: 3, name: "Old Co" }] }));
        expect(view.groups[0]?.lines).toEqual(["Old Co (#3)"]);
        expect(view.title).toBe("Delete records");
    });

    it("shows a message as the record, its type and its body", () => {
        const view = approvalCardView(entry("post_message", { tool: "post_message", model: "res.partner", model_label: "Contact",
            record: { id: 7, name: "Azure Interior" }, kind: "note", body: "Quotation sent.\n<b>not bold</b>" }));
        expect(view.groups).toEqual([{ heading: "Azure Interior (#7)", lines: [], rows: [
            { field: "kind", label: "Type", old: null, new: "Internal note" },
            { field: "body", label: "Text", old: null, new: "Quotation sent.\n<b>not bold</b>" },
        ] }]);
    });

    it("shows the error of a preview that would fail and does not let it be approved", () => {
        const view = approvalCardView(entry("update_records", { tool: "update_records", error: { code: "access_denied", message: "You are not allowed to modify 'Contact'." } }));
        expect(view.error).toEqual({ code: "access_denied", message: "You are not allowed to modify 'Contact'." });
        expect(view.canApprove).toBe(false);
        expect(view.canDeny).toBe(true);
        expect(view.groups).toEqual([]);
    });

    it("refuses to approve a card with no preview or an unknown shape", () => {
        for (const preview of [null, "text", { tool: "update_records", model: "res.partner" }]) {
            const view = approvalCardView(entry("update_records", preview));
            expect(view.canApprove).toBe(false);
            expect(view.error?.code).toBe("no_preview");
        }
        expect(approvalCardView(entry("mystery_tool", { tool: "mystery_tool", model: "x" })).canApprove).toBe(false);
    });

    it("offers no buttons once decided, expired, or while a decision is on its way", () => {
        for (const extra of [{ state: "approved" as const }, { state: "denied" as const }, { state: "expired" as const }, { deciding: true }]) {
            const view = approvalCardView(entry("update_records", updatePreview, extra));
            expect([view.canApprove, view.canDeny]).toEqual([false, false]);
        }
    });

    it("keeps markup in values as text (the component prints it with t-esc)", () => {
        const view = approvalCardView(entry("update_records", { ...updatePreview, records: [{ id: 1, name: "<img src=x onerror=alert(1)>",
            changes: [{ field: "name", label: "<script>", type: "char", old: "<b>", new: ["a", "<i>"] }] }] }));
        expect(view.groups[0]?.heading).toBe("<img src=x onerror=alert(1)> (#1)");
        expect(view.groups[0]?.rows[0]).toEqual({ field: "name", label: "<script>", old: "<b>", new: "a; <i>" });
    });
});

describe("approvalFromWire", () => {
    it("refuses a request without a call id or tool", () => {
        expect(approvalFromWire(1, { tool: "update_records" })).toBeNull();
        expect(approvalFromWire(1, { call_id: "", tool: "update_records" })).toBeNull();
        expect(approvalFromWire(1, { call_id: "c", tool: 3 })).toBeNull();
        expect(approvalFromWire(1, null)).toBeNull();
    });
});

describe("valueText", () => {
    it("writes empty values, booleans and lists in words", () => {
        expect([valueText(null), valueText(false), valueText(true), valueText(0), valueText([]), valueText(["add Bob", "remove all"])])
            .toEqual(["(empty)", "No", "Yes", "0", "(none)", "add Bob; remove all"]);
    });
});

describe("toolOutcome", () => {
    const call = (tool: string, state: ToolCallView["state"], code?: string): ToolCallView => ({
        callId: "c", tool, argsSummary: "", argsText: "", state, durationMs: null, resultSummary: null,
        error: code ? { code, message: "" } : null,
    });
    it("says written for a write that ran, declined for a denial, nothing for reads", () => {
        expect(toolOutcome(call("update_records", "done"), "approved")).toBe("written");
        expect(toolOutcome(call("update_records", "error", "approval_denied"), null)).toBe("declined");
        expect(toolOutcome(call("post_message", "waiting"), "denied")).toBe("declined");
        expect(toolOutcome(call("post_message", "waiting"), "pending")).toBe("awaiting approval");
        expect(toolOutcome(call("search_records", "done"), null)).toBeNull();
    });
});
