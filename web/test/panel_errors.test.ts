import { describe, expect, it } from "vitest";
import { errorFromSend, errorFromStatus, rpcErrorDetail, turnStopKind } from "../src/panel_errors.js";

describe("errorFromStatus", () => {
    it("says the bridge is down when it is unreachable", () => {
        expect(errorFromStatus({ bridge: { reachable: false, model_configured: false, missing: [], message: "Connection refused" } }))
            .toEqual({ kind: "bridge_down", detail: "Connection refused" });
    });

    it("says no model key when the bridge runs without one", () => {
        expect(errorFromStatus({ bridge: { reachable: true, model_configured: false, missing: ["ANTHROPIC_API_KEY"], message: "" } }))
            .toEqual({ kind: "no_model_key", detail: "Missing (ANTHROPIC_API_KEY)" });
    });

    it("says nothing when all is well", () => {
        expect(errorFromStatus({ bridge: { reachable: true, model_configured: true, missing: [], message: "ok" } })).toBeNull();
        expect(errorFromStatus(null)).toBeNull();
    });
});

describe("errorFromSend", () => {
    it("recognises an unconfigured model and a bridge that is down", () => {
        expect(errorFromSend({ code: "model_not_configured", message: "No API key" })?.kind).toBe("no_model_key");
        expect(errorFromSend({ code: "bridge_unreachable", message: "down" })?.kind).toBe("bridge_down");
        expect(errorFromSend({ code: "bridge_error", message: "500" })?.kind).toBe("bridge_down");
    });

    it("keeps other errors as request failures with Odoo's message", () => {
        expect(errorFromSend({ code: "too_many_turns", message: "Slow down" })).toEqual({ kind: "request_failed", detail: "Slow down" });
        expect(errorFromSend(null)).toBeNull();
    });
});

describe("rpcErrorDetail", () => {
    it("uses Odoo's message and never a stack trace", () => {
        expect(rpcErrorDetail({ data: { message: "Access Denied", debug: "Traceback ..." }, message: "Odoo Server Error" })).toBe("Access Denied");
        expect(rpcErrorDetail(new Error("first line\n    at stack"))).toBe("first line");
    });
});

describe("turnStopKind", () => {
    it("names the kill switch and the circuit breaker, nothing else", () => {
        expect(turnStopKind({ code: "kill_switch", message: "Parley has been stopped by an administrator." })).toBe("kill_switch");
        expect(turnStopKind({ code: "circuit_breaker", message: "3 failed calls in a row" })).toBe("circuit_breaker");
        expect(turnStopKind({ code: "round_cap", message: "" })).toBeNull();
        expect(turnStopKind(null)).toBeNull();
    });
});
