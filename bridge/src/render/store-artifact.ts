// Both render tools end the same way: Odoo stores the rendered artifact for the turn's session (the
// route checks the token, the policy, the rate limits and the provenance, and audits the call);
// the panel hears of it through an `artifact` event; the model gets the id back.
import type { ToolOutcome } from '../mcp/odoo-client.js';
import type { ToolContext } from '../mcp/tools/define.js';

export interface ArtifactBody {
  kind: 'chart' | 'report';
  title: string;
  /** The complete artifact document (CSP meta first), for the frame, the tab and the download. */
  html: string;
  svg?: string;
  width?: number;
  height?: number;
  source?: { call_id: string; tool: string };
}

/** What Odoo stores at most (MAX_HTML_CHARS, MAX_SVG_CHARS of models/parley_artifact.py; a contract test compares). */
export const ARTIFACT_LIMITS = Object.freeze({ htmlChars: 1_000_000, svgChars: 500_000 });

/**
 * Checked here, where the model can still act on it: a spec within its caps can draw more SVG than
 * Odoo keeps (every bar and scatter point is an element of its own), and escaping can grow a report.
 */
function tooLarge(body: ArtifactBody): string | null {
  if (body.svg !== undefined && body.svg.length > ARTIFACT_LIMITS.svgChars) {
    return (
      `The chart draws ${body.svg.length} characters of SVG, more than the ${ARTIFACT_LIMITS.svgChars} that can be stored: ` +
      'aggregate the numbers (e.g. by month, or the top 20 and "Other"), draw fewer series, or use a line chart.'
    );
  }
  if (body.html.length > ARTIFACT_LIMITS.htmlChars) {
    return `The ${body.kind} is ${body.html.length} characters once made safe, more than the ${ARTIFACT_LIMITS.htmlChars} that can be stored: shorten it.`;
  }
  return null;
}

interface Stored {
  artifact_id: number;
  kind: 'chart' | 'report';
  title: string;
}

function isStored(data: unknown): data is Stored {
  const d = data as Partial<Stored> | null;
  return !!d && typeof d.artifact_id === 'number' && (d.kind === 'chart' || d.kind === 'report') && typeof d.title === 'string';
}

export async function storeArtifact(ctx: ToolContext, tool: 'render_chart' | 'render_report', body: ArtifactBody): Promise<ToolOutcome> {
  const problem = tooLarge(body);
  if (problem) return { ok: false, error: { code: 'validation_error', message: problem } };
  const outcome = await ctx.odoo.callTool(
    tool,
    { turn_id: ctx.turnId, call_id: ctx.callId, args: body },
    { signal: ctx.signal, timeoutMs: ctx.timeoutMs },
  );
  if (!outcome.ok) return outcome;
  if (!isStored(outcome.data)) return { ok: false, error: { code: 'internal_error', message: 'Odoo did not confirm the stored artifact.' } };
  const { artifact_id, kind, title } = outcome.data;
  ctx.emit({ type: 'artifact', artifact_id, kind, title });
  const shown = kind === 'chart' ? 'The chart is shown to the user in the chat.' : 'The report is open in the viewer beside the chat.';
  return { ok: true, data: { artifact_id, kind, title, shown } };
}
