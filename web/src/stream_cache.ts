// Keeps the text of running turns across a page reload. After a reload the bus only delivers
// notifications newer than the last one this browser saw, and Odoo stores a turn's answer only at
// turn.end, so without this the part streamed before the reload would vanish until the turn ends.
// Per tab (sessionStorage), running turns only; stored history wins as soon as the turn is over.

import { isArtifactPart } from "./artifact_parts.js";
import type { TurnStream } from "./chat_types.js";

const KEY = "parley.running_streams.v1";
const MAX_BYTES = 512 * 1024;

type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

function isStream(value: unknown): value is TurnStream {
    const stream = value as TurnStream;
    return (
        typeof value === "object" && value !== null &&
        Number.isInteger(stream.turnId) && Number.isInteger(stream.sessionId) &&
        stream.state === "running" && Array.isArray(stream.parts) &&
        typeof stream.seen === "object" && stream.seen !== null &&
        stream.parts.every((part) =>
            (part?.kind === "text" && typeof part.text === "string") ||
            (part?.kind === "tool" && typeof part.call === "object" && part.call !== null && typeof part.call.tool === "string") ||
            isArtifactPart(part))
    );
}

/** Running streams saved by this tab before it reloaded; anything malformed is ignored. */
export function loadRunningStreams(storage: StorageLike | null, now: number): Record<number, TurnStream> {
    const restored: Record<number, TurnStream> = {};
    try {
        const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? "[]");
        for (const candidate of Array.isArray(parsed) ? parsed : []) {
            if (isStream(candidate)) {
                restored[candidate.turnId] = { ...candidate, error: null, lastEventAt: now };
            }
        }
    } catch {
        // A corrupt or unavailable cache only costs the text streamed before the reload.
    }
    return restored;
}

export function saveRunningStreams(storage: StorageLike | null, streams: Record<number, TurnStream>): void {
    try {
        const running = Object.values(streams).filter((stream) => stream.state === "running");
        const text = JSON.stringify(running);
        if (!running.length || text.length > MAX_BYTES) {
            storage?.removeItem(KEY);
        } else {
            storage?.setItem(KEY, text);
        }
    } catch {
        // Storage full or disabled: the panel still works, it just cannot keep text across a reload.
    }
}
