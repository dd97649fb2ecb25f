// Charts and reports in the conversation: the `artifact` event (docs/wire.md §4) as a part of its
// turn, and the session's stored artifacts (`/parley/artifacts/list`) placed back into the
// timeline after a reload. Plain data only: the content is fetched and shown by ArtifactViewer.

import type { ArtifactPart, ArtifactSummary, ChatMessageView, Part } from "./chat_types.js";
import { isRecord } from "./tool_view.js";

const TITLE_MAX = 200;

function artifactKind(value: unknown): ArtifactPart["artifactKind"] | null {
    return value === "chart" || value === "report" ? value : null;
}

function validId(value: unknown): value is number {
    return typeof value === "number" && Number.isInteger(value) && value > 0;
}

/** The `artifact` event as a part, or null when it is malformed (then nothing is drawn). */
export function artifactPartFromEvent(event: unknown): ArtifactPart | null {
    if (!isRecord(event) || !validId(event.artifact_id)) {
        return null;
    }
    const kind = artifactKind(event.kind);
    if (!kind) {
        return null;
    }
    const title = typeof event.title === "string" ? event.title.slice(0, TITLE_MAX) : "";
    return { kind: "artifact", artifactId: event.artifact_id, artifactKind: kind, title };
}

/** The rows of `/parley/artifacts/list` the panel can use; anything malformed is left out. */
export function artifactSummaries(raw: unknown): ArtifactSummary[] {
    const rows: ArtifactSummary[] = [];
    for (const item of Array.isArray(raw) ? raw : []) {
        const kind = isRecord(item) ? artifactKind(item.kind) : null;
        if (!isRecord(item) || !validId(item.id) || !kind) {
            continue;
        }
        rows.push({
            id: item.id,
            kind,
            title: typeof item.title === "string" ? item.title.slice(0, TITLE_MAX) : "",
            turn_id: validId(item.turn_id) ? item.turn_id : null,
            call_id: typeof item.call_id === "string" ? item.call_id : null,
        });
    }
    return rows;
}

export function isArtifactPart(part: unknown): part is ArtifactPart {
    return isRecord(part) && part.kind === "artifact" && validId(part.artifactId) &&
        artifactKind(part.artifactKind) !== null && typeof part.title === "string";
}

function hasArtifact(parts: Part[], artifactId: number): boolean {
    return parts.some((part) => part.kind === "artifact" && part.artifactId === artifactId);
}

/**
 * Stored answers do not carry artifacts: each stored chart or report goes back after the chip of
 * the tool call that made it (or at the end of its turn's answer), unless a live stream already
 * shows it. New parts arrays are built, never pushed into: a stream's parts are reactive state.
 */
export function placeArtifacts(views: ChatMessageView[], artifacts: ArtifactSummary[]): ChatMessageView[] {
    for (const artifact of artifacts) {
        if (views.some((view) => hasArtifact(view.parts, artifact.id))) {
            continue;
        }
        const part: ArtifactPart = { kind: "artifact", artifactId: artifact.id, artifactKind: artifact.kind, title: artifact.title };
        const byCall = views.findIndex((view) =>
            view.parts.some((candidate) => candidate.kind === "tool" && candidate.call.callId === artifact.call_id));
        let index = byCall;
        if (index === -1 && artifact.turn_id !== null) {
            views.forEach((view, at) => {
                if (view.turnId === artifact.turn_id && view.role === "assistant") {
                    index = at;
                }
            });
        }
        const view = views[index];
        if (!view) {
            continue; // its turn is not on screen (yet): the next history load places it
        }
        const parts = [...view.parts];
        const after = parts.findIndex((candidate) => candidate.kind === "tool" && candidate.call.callId === artifact.call_id);
        parts.splice(after === -1 ? parts.length : after + 1, 0, part);
        views[index] = { ...view, parts };
    }
    return views;
}

/**
 * The session's charts and reports for the panel's list, in conversation order: every artifact part
 * of the timeline (stored and live), then any stored one whose turn is not on screen. Once each.
 */
export function sessionArtifacts(views: ChatMessageView[], stored: ArtifactSummary[]): ArtifactPart[] {
    const list: ArtifactPart[] = [];
    const seen = new Set<number>();
    const add = (part: ArtifactPart): void => {
        if (!seen.has(part.artifactId)) {
            seen.add(part.artifactId);
            list.push(part);
        }
    };
    for (const view of views) {
        for (const part of view.parts) {
            if (part.kind === "artifact") {
                add(part);
            }
        }
    }
    for (const artifact of stored) {
        add({ kind: "artifact", artifactId: artifact.id, artifactKind: artifact.kind, title: artifact.title });
    }
    return list;
}
