import { describe, expect, it } from "vitest";
import { extractRecordContext } from "../src/record_context.js";

const windowAction = { type: "ir.actions.act_window", res_model: "res.partner" };

describe("extractRecordContext", () => {
    it("gives model and record of a form view, following the pager", () => {
        const controller = { action: windowAction, props: { resModel: "res.partner", type: "form", resId: 7 }, currentState: { resId: 9 } };
        expect(extractRecordContext(controller)).toEqual({ model: "res.partner", record_id: 9 });
    });

    it("falls back to the record the form opened on", () => {
        const controller = { action: windowAction, props: { resModel: "res.partner", type: "form", resId: 7 } };
        expect(extractRecordContext(controller)).toEqual({ model: "res.partner", record_id: 7 });
    });

    it("gives only the model of a list view", () => {
        const controller = { action: windowAction, props: { resModel: "sale.order", type: "list", resId: 3 } };
        expect(extractRecordContext(controller)).toEqual({ model: "sale.order", record_id: null });
    });

    it("gives no record for a new, unsaved form", () => {
        const controller = { action: windowAction, props: { resModel: "res.partner", type: "form" }, currentState: { resId: false } };
        expect(extractRecordContext(controller)).toEqual({ model: "res.partner", record_id: null });
    });

    it("gives nothing for client actions, missing controllers and odd model names", () => {
        expect(extractRecordContext({ action: { type: "ir.actions.client", tag: "mail.action_discuss" }, props: {} })).toBeNull();
        expect(extractRecordContext(undefined)).toBeNull();
        expect(extractRecordContext({ action: windowAction, props: { resModel: "res.partner'); drop", type: "form", resId: 1 } })).toBeNull();
        expect(extractRecordContext({ action: windowAction, props: { resModel: "res.partner", type: "form", resId: -4 } })).toEqual({ model: "res.partner", record_id: null });
    });
});
