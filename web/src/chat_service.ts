// The panel's shared state and its only link to Odoo: JSON-RPC to the /parley/* routes
// (docs/wire.md §5) and the `parley.event` bus notifications (§4). Components read `state` with
// useState and call the methods; none of them talks to the server directly.

import { reactive } from "@odoo/owl";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import type { ApprovalEntry } from "./approval_view.js";
import { artifactPartFromEvent, artifactSummaries, placeArtifacts, sessionArtifacts } from "./artifact_parts.js";
import { addPendingApprovals, applyEventBatch, applyTurnState, markDeclined, newStream, reconcileStreams } from "./chat_state.js";
import type {
    ArtifactPart,
    ChatMessageView,
    ChatState,
    HistoryResult,
    ParleyEventPayload,
    SendResult,
    SessionSummary,
    WireMessage,
} from "./chat_types.js";
import { errorFromSend, errorFromStatus, rpcErrorDetail, type BridgeStatus } from "./panel_errors.js";
import { extractRecordContext } from "./record_context.js";
import { loadRunningStreams, saveRunningStreams } from "./stream_cache.js";
import { buildTimeline, runningTurnOf } from "./timeline.js";

/** Without events for this long, a running turn is checked against stored history (missed turn.end). */
const STALE_TURN_MS = 15_000;
const WATCHDOG_MS = 5_000;
const SAVE_DELAY_MS = 300;

function tabStorage(): Storage | null {
    try {
        return window.sessionStorage;
    } catch {
        return null;
    }
}

interface BusService {
    subscribe(type: string, callback: (payload: unknown) => void): void;
    addEventListener(type: string, callback: () => void): void;
    start(): unknown;
}

interface ActionService {
    readonly currentController: unknown;
    doAction(action: Record<string, unknown>): Promise<unknown>;
}

interface EnvBus {
    addEventListener(type: string, callback: () => void): void;
}

let optimisticId = 0;

export type { ChatState, SessionSummary };

export class ParleyChat {
    readonly state: ChatState;
    private historyRequest = 0;
    private saveTimer: ReturnType<typeof setTimeout> | null = null;

    constructor(
        private readonly bus: BusService,
        private readonly action: ActionService,
    ) {
        this.state = reactive({
            open: false,
            showSessions: false,
            showArtifacts: false,
            error: null,
            sessions: [],
            sessionsLoaded: false,
            currentSessionId: null,
            history: [],
            streams: loadRunningStreams(tabStorage(), Date.now()),
            loadingHistory: false,
            sending: false,
            draft: "",
            context: null,
            focusRequest: 0,
            artifacts: [],
            openArtifactId: null,
        });
    }

    /** Wires the bus and the web client; called once by the service's start. */
    connect(envBus: EnvBus): void {
        this.bus.subscribe("parley.event", (payload) => this.onParleyEvent(payload as ParleyEventPayload));
        // Odoo ended a turn itself (kill switch, circuit breaker, cancel, reaper): say so at once.
        this.bus.subscribe("parley.turn_state", (payload) => this.onTurnState(payload));
        // After a lost connection the replayed notifications may not cover the whole gap.
        this.bus.addEventListener("reconnect", () => this.reloadCurrent());
        this.bus.start();
        envBus.addEventListener("ACTION_MANAGER:UI-UPDATED", () => this.refreshContext());
        window.addEventListener("pagehide", () => saveRunningStreams(tabStorage(), this.state.streams));
        setInterval(() => this.checkStaleTurn(), WATCHDOG_MS);
    }

    // Components pass the state they got from useState: reads through that proxy are what make
    // OWL re-render them, reads through `this.state` here would not.
    static currentSession(state: ChatState): SessionSummary | null {
        return state.sessions.find((session) => session.id === state.currentSessionId) ?? null;
    }

    static timeline(state: ChatState): ChatMessageView[] {
        return placeArtifacts(buildTimeline(state.history, state.streams, state.currentSessionId), state.artifacts);
    }

    /** The current session's charts and reports, for the panel's list. */
    static artifactList(state: ChatState): ArtifactPart[] {
        return sessionArtifacts(ParleyChat.timeline(state), state.artifacts);
    }

    static runningTurnId(state: ChatState): number | null {
        return runningTurnOf(state.streams, state.currentSessionId);
    }

    get runningTurnId(): number | null {
        return ParleyChat.runningTurnId(this.state);
    }

    // --- panel ---------------------------------------------------------------------------------

    async open(): Promise<void> {
        this.state.open = true;
        this.state.focusRequest += 1;
        this.refreshContext();
        await Promise.all([this.refreshStatus(), this.loadSessions(true)]);
    }

    close(): void {
        this.state.open = false;
    }

    toggle(): void {
        if (this.state.open) {
            this.close();
        } else {
            void this.open();
        }
    }

    refreshContext(): void {
        this.state.context = extractRecordContext(this.action.currentController);
    }

    dismissError(): void {
        this.state.error = null;
    }

    async refreshStatus(): Promise<void> {
        const status = await this.call<{ bridge?: BridgeStatus }>("/parley/status", {});
        if (status !== undefined) {
            this.state.error = errorFromStatus(status);
        }
    }

    openRecord(model: string, resId: number): void {
        void this.action.doAction({
            type: "ir.actions.act_window",
            res_model: model,
            res_id: resId,
            views: [[false, "form"]],
            target: "current",
        });
    }

    // --- sessions ------------------------------------------------------------------------------

    async loadSessions(selectNewest = false): Promise<void> {
        const sessions = await this.call<SessionSummary[]>("/parley/sessions/list", {});
        if (!sessions) {
            return;
        }
        this.state.sessions = sessions;
        this.state.sessionsLoaded = true;
        const current = this.state.currentSessionId;
        if (current !== null && !sessions.some((session) => session.id === current)) {
            this.clearCurrent();
        }
        if (selectNewest && this.state.currentSessionId === null) {
            if (sessions[0]) {
                await this.selectSession(sessions[0].id);
            } else {
                this.state.showSessions = false;
            }
        }
    }

    async selectSession(sessionId: number): Promise<void> {
        this.state.showSessions = false;
        this.state.showArtifacts = false;
        if (sessionId !== this.state.currentSessionId) {
            this.state.currentSessionId = sessionId;
            this.state.history = [];
            this.state.artifacts = [];
            this.state.openArtifactId = null;
        }
        this.state.focusRequest += 1;
        await this.loadHistory(sessionId);
    }

    async newSession(): Promise<void> {
        const created = await this.call<{ id: number; name: string }>("/parley/sessions/create", {});
        if (!created) {
            return;
        }
        this.state.sessions.unshift({ id: created.id, name: created.name, running_turn_id: null });
        await this.selectSession(created.id);
    }

    async renameSession(sessionId: number, name: string): Promise<void> {
        const trimmed = name.trim();
        const session = this.state.sessions.find((candidate) => candidate.id === sessionId);
        if (!trimmed || !session || trimmed === session.name) {
            return;
        }
        const renamed = await this.call<{ id: number; name: string }>("/parley/sessions/rename", {
            session_id: sessionId,
            name: trimmed,
        });
        if (renamed) {
            session.name = renamed.name;
        }
    }

    async deleteSession(sessionId: number): Promise<void> {
        const deleted = await this.call<boolean>("/parley/sessions/delete", { session_id: sessionId });
        if (!deleted) {
            return;
        }
        this.state.sessions = this.state.sessions.filter((session) => session.id !== sessionId);
        if (this.state.currentSessionId === sessionId) {
            this.clearCurrent();
        }
    }

    private clearCurrent(): void {
        this.state.currentSessionId = null;
        this.state.history = [];
        this.state.artifacts = [];
        this.state.showArtifacts = false;
        this.state.openArtifactId = null;
    }

    async loadHistory(sessionId: number): Promise<void> {
        const request = ++this.historyRequest;
        this.state.loadingHistory = true;
        // Stored answers do not carry charts and reports: the session's list puts them back.
        const [result, artifacts] = await Promise.all([
            this.call<HistoryResult>("/parley/sessions/history", { session_id: sessionId }),
            this.call<unknown>("/parley/artifacts/list", { session_id: sessionId }),
        ]);
        if (request !== this.historyRequest) {
            return; // the user switched sessions meanwhile
        }
        this.state.loadingHistory = false;
        if (!result || this.state.currentSessionId !== sessionId) {
            return;
        }
        this.state.history = result.messages;
        if (artifacts !== undefined) {
            this.state.artifacts = artifactSummaries(artifacts);
        }
        const running = result.running_turn_id;
        if (running !== null && !this.state.streams[running]) {
            // A turn still running after a reload keeps streaming from the bus from here on.
            this.state.streams[running] = newStream(running, sessionId, Date.now());
        }
        const stream = running === null ? undefined : this.state.streams[running];
        if (stream) {
            addPendingApprovals(stream, result.pending_approvals);
        }
        reconcileStreams(this.state.streams, result.messages, running);
        const session = this.state.sessions.find((candidate) => candidate.id === sessionId);
        if (session) {
            session.name = result.session.name;
            session.running_turn_id = running;
        }
    }

    private reloadCurrent(): void {
        if (this.state.currentSessionId !== null) {
            void this.loadHistory(this.state.currentSessionId);
        }
    }

    // --- turns ---------------------------------------------------------------------------------

    async send(): Promise<void> {
        const text = this.state.draft.trim();
        if (!text || this.state.sending || this.runningTurnId !== null) {
            return;
        }
        this.state.sending = true;
        this.state.draft = "";
        this.refreshContext();
        const pending: WireMessage = { id: --optimisticId, role: "user", turn_id: null, text, turn_state: null };
        this.state.history.push(pending);
        const result = await this.call<SendResult>("/parley/chat/send", {
            session_id: this.state.currentSessionId,
            text,
            context: this.state.context,
        });
        this.state.sending = false;
        if (!result) {
            // Nothing was stored: give the text back rather than lose it.
            this.state.history = this.state.history.filter((message) => message.id !== pending.id);
            this.state.draft ||= text;
            return;
        }
        if (this.state.currentSessionId !== result.session_id) {
            this.state.currentSessionId = result.session_id;
            void this.loadSessions();
        }
        const stored = this.state.history.find((message) => message.id === pending.id);
        if (stored) {
            stored.id = result.message_id;
            stored.turn_id = result.turn_id;
        }
        const refusal = errorFromSend(result.error);
        if (refusal) {
            this.state.error = refusal;
            if (stored) {
                stored.turn_state = "failed";
                stored.error = result.error ?? null;
            }
            return;
        }
        this.state.streams[result.turn_id] ??= newStream(result.turn_id, result.session_id, Date.now());
    }

    async stop(): Promise<void> {
        const turnId = this.runningTurnId;
        if (turnId === null) {
            return;
        }
        const result = await this.call<{ state: string }>("/parley/chat/cancel", { turn_id: turnId });
        const stream = this.state.streams[turnId];
        if (result && stream && result.state !== "running" && stream.state === "running") {
            // Odoo ended the turn itself (e.g. the bridge was gone); the bus may never say so.
            this.reloadCurrent();
        }
    }

    /**
     * Approve or Deny on one card. Odoo decides (the grant never reaches the browser); the card
     * shows what Odoo answered, and a declined chip says so without waiting for the stored answer.
     */
    async decide(entry: ApprovalEntry, decision: "approve" | "deny"): Promise<void> {
        if (entry.state !== "pending" || entry.deciding) {
            return;
        }
        entry.deciding = true;
        const result = await this.call<{ state: string; delivered: boolean }>("/parley/chat/decide", {
            turn_id: entry.turnId,
            call_id: entry.callId,
            decision,
        });
        entry.deciding = false;
        if (result?.state === "approved" || result?.state === "denied") {
            entry.state = result.state;
            const stream = this.state.streams[entry.turnId];
            if (stream && result.state === "denied") {
                markDeclined(stream, entry.callId);
            }
        } else if (result === undefined) {
            // Refused (already decided, turn over): Odoo's reason is in the banner; stored history tells the rest.
            this.reloadCurrent();
        }
    }

    private onTurnState(payload: unknown): void {
        if (applyTurnState(this.state.streams, payload)) {
            this.scheduleSave();
            const sessionId = (payload as { session_id?: unknown }).session_id;
            const session = this.state.sessions.find((candidate) => candidate.id === sessionId);
            if (session) {
                session.running_turn_id = null;
            }
            if (sessionId === this.state.currentSessionId) {
                this.reloadCurrent();
            }
        }
    }

    // --- charts and reports ------------------------------------------------------------------

    /** Shows a chart or report in the side viewer beside the chat. */
    openArtifact(artifactId: number): void {
        this.state.openArtifactId = artifactId;
    }

    closeArtifact(): void {
        this.state.openArtifactId = null;
    }

    /** A report made in the current session opens beside the chat as it arrives (a chart shows inline). */
    private openNewReport(payload: ParleyEventPayload): void {
        if (payload?.session_id !== this.state.currentSessionId || !Array.isArray(payload.events)) {
            return;
        }
        for (const event of payload.events) {
            const part = artifactPartFromEvent(event);
            if (part?.artifactKind === "report") {
                this.state.openArtifactId = part.artifactId;
            }
        }
    }

    private onParleyEvent(payload: ParleyEventPayload): void {
        const { applied, ended } = applyEventBatch(this.state.streams, payload, Date.now());
        if (applied) {
            this.openNewReport(payload);
        }
        this.scheduleSave();
        const session = this.state.sessions.find((candidate) => candidate.id === payload?.session_id);
        if (session) {
            session.running_turn_id = ended ? null : payload.turn_id;
        }
        if (ended && payload.session_id === this.state.currentSessionId) {
            this.reloadCurrent();
        }
    }

    private scheduleSave(): void {
        if (this.saveTimer === null) {
            this.saveTimer = setTimeout(() => {
                this.saveTimer = null;
                saveRunningStreams(tabStorage(), this.state.streams);
            }, SAVE_DELAY_MS);
        }
    }

    private checkStaleTurn(): void {
        const turnId = this.runningTurnId;
        const stream = turnId === null ? undefined : this.state.streams[turnId];
        if (stream && Date.now() - stream.lastEventAt > STALE_TURN_MS) {
            stream.lastEventAt = Date.now();
            this.reloadCurrent();
        }
    }

    /** One RPC; on failure the panel shows Odoo's message and the caller gets undefined. */
    private async call<T>(route: string, params: Record<string, unknown>): Promise<T | undefined> {
        try {
            return await rpc<T>(route, params);
        } catch (error) {
            this.state.error = { kind: "request_failed", detail: rpcErrorDetail(error) };
            return undefined;
        }
    }
}

export const parleyChatService = {
    dependencies: ["bus_service", "action"],
    start(env: { bus: EnvBus }, services: { bus_service: BusService; action: ActionService }): ParleyChat {
        const chat = new ParleyChat(services.bus_service, services.action);
        chat.connect(env.bus);
        return chat;
    },
};

registry.category("services").add("parley_chat", parleyChatService);
