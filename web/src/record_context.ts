// Which record the user is looking at, taken from the action service's current controller, sent with
// chat/send as `context` (docs/wire.md §5). Pure so it can be tested without a web client.

export interface RecordContext {
    model: string;
    record_id: number | null;
}

const MODEL_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

function field(source: unknown, key: string): unknown {
    return typeof source === "object" && source !== null ? (source as Record<string, unknown>)[key] : undefined;
}

function positiveId(value: unknown): number | null {
    return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * `controller` is Odoo's action-service controller: `{action: {type, res_model}, props: {resModel,
 * type, resId}, currentState: {resId}}`. Only window actions name a model; only a form view names a
 * record, and `currentState.resId` follows the pager while `props.resId` is the record it opened on.
 */
export function extractRecordContext(controller: unknown): RecordContext | null {
    const action = field(controller, "action");
    if (field(action, "type") !== "ir.actions.act_window") {
        return null;
    }
    const props = field(controller, "props");
    const model = field(props, "resModel") ?? field(action, "res_model");
    if (typeof model !== "string" || !MODEL_NAME.test(model)) {
        return null;
    }
    let recordId: number | null = null;
    if (field(props, "type") === "form") {
        recordId = positiveId(field(field(controller, "currentState"), "resId")) ?? positiveId(field(props, "resId"));
    }
    return { model, record_id: recordId };
}
