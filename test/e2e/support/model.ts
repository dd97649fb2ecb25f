// What the bridge sent to the scripted model server (its GET /__requests record), so a browser test
// can check the model side of a story too: which tools were offered, what a tool result said.
import type { RecordedRequest } from '../../scripted-model/server.js';

export async function modelRequests(modelUrl: string): Promise<RecordedRequest[]> {
  const response = await fetch(`${modelUrl}/__requests`);
  if (!response.ok) throw new Error(`scripted model: GET /__requests answered ${response.status}`);
  return (await response.json()) as RecordedRequest[];
}

/** The requests answered from one scenario, oldest first. */
export async function requestsFor(modelUrl: string, scenario: string): Promise<RecordedRequest[]> {
  return (await modelRequests(modelUrl)).filter((request) => request.scenario === scenario);
}

/** Every tool_result block the bridge sent in a request body, as text. */
export function toolResultsOf(request: RecordedRequest): string[] {
  const body = request.body as { messages?: Array<{ content?: unknown }> } | null;
  const results: string[] = [];
  for (const message of body?.messages ?? []) {
    if (!Array.isArray(message.content)) continue;
    for (const block of message.content as Array<{ type?: string; content?: unknown }>) {
      if (block.type === 'tool_result') results.push(JSON.stringify(block.content));
    }
  }
  return results;
}
