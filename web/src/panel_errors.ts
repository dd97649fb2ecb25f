// Turns what Odoo says about the bridge (/parley/status, chat/send's `error`) and failed requests into
// one of a few error kinds the panel explains in plain words. Pure; the words live in the component.

import type { WireError } from "./chat_types.js";

export type PanelErrorKind = "bridge_down" | "no_model_key" | "request_failed";

export interface PanelError {
    kind: PanelErrorKind;
    /** Odoo's own explanation, shown under ours */
    detail: string;
}

export interface BridgeStatus {
    reachable?: boolean;
    model_configured?: boolean;
    missing?: string[];
    message?: string;
}

export function errorFromStatus(status: { bridge?: BridgeStatus } | null | undefined): PanelError | null {
    const bridge = status?.bridge;
    if (!bridge) {
        return null;
    }
    const detail = typeof bridge.message === "string" ? bridge.message : "";
    if (bridge.reachable === false) {
        return { kind: "bridge_down", detail };
    }
    if (bridge.model_configured === false) {
        const missing = Array.isArray(bridge.missing) && bridge.missing.length ? ` (${bridge.missing.join(", ")})` : "";
        return { kind: "no_model_key", detail: detail || `Missing${missing}` };
    }
    return null;
}

const NO_MODEL_CODES = new Set(["model_not_configured", "no_model_key", "missing_api_key"]);

/** chat/send stored the message and a failed turn and says why; anything about the model key is
 * "no model key", every other bridge failure means the user cannot chat until an admin acts. */
export function errorFromSend(error: WireError | null | undefined): PanelError | null {
    if (!error) {
        return null;
    }
    const code = String(error.code || "");
    const detail = String(error.message || "");
    if (NO_MODEL_CODES.has(code) || code.includes("model_not_configured")) {
        return { kind: "no_model_key", detail };
    }
    if (code.startsWith("bridge") || code.includes("unreachable") || code.includes("unavailable")) {
        return { kind: "bridge_down", detail };
    }
    return { kind: "request_failed", detail: detail || code };
}

/** Text of an RPC failure, without stack traces: Odoo's error message when there is one. */
export function rpcErrorDetail(error: unknown): string {
    if (typeof error === "object" && error !== null) {
        const data = (error as { data?: { message?: unknown } }).data;
        if (data && typeof data.message === "string" && data.message) {
            return data.message;
        }
        const message = (error as { message?: unknown }).message;
        if (typeof message === "string" && message) {
            return message.split("\n")[0] ?? message;
        }
    }
    return String(error);
}

/** Turn failures a user must understand at a glance; the words live in the message component. */
export type TurnStopKind = "kill_switch" | "circuit_breaker";

export function turnStopKind(error: WireError | null | undefined): TurnStopKind | null {
    return error?.code === "kill_switch" || error?.code === "circuit_breaker" ? error.code : null;
}
