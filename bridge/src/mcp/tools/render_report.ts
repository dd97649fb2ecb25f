// render_report: model-written HTML → sanitized (allowlist) and wrapped in a CSP-first document
// (bridge/src/render/report.ts), stored in Odoo as an artifact of the turn's session and shown in a
// sandboxed frame. The model gets a short confirmation with the artifact id.
import { z } from 'zod';
import { cleanText } from '../../render/chart-spec.js';
import { sanitizeReportHtml, wrapReport } from '../../render/report.js';
import { defineTool } from './define.js';
import { storeArtifact } from '../../render/store-artifact.js';

export const REPORT_LIMITS = Object.freeze({ titleChars: 200, htmlChars: 200_000 });

export const renderReportTool = defineTool({
  name: 'render_report',
  title: 'Render a report',
  description:
    'Show the user a formatted report (a one-page summary, a table of records, …) in a viewer beside the chat, ' +
    'where they can print, download or open it in a tab. Write plain semantic HTML for the body: h1–h3, p, ul/ol, ' +
    'table with thead/tbody/tfoot (class="num" right-aligns numbers), strong/em, figure, inline <svg> shapes, ' +
    '<div class="kpis"><div class="kpi">Label<strong>42</strong></div></div> for key figures, classes good/bad/warn/muted. ' +
    'A print-friendly stylesheet is provided. Scripts, forms, links, external images, <style> elements and anything that ' +
    'loads from the network are removed; images only as data:image/png|jpeg|gif|webp. Returns the artifact id.',
  input: {
    title: z.string().min(1).max(REPORT_LIMITS.titleChars).describe('The report title (tab and download name).'),
    html: z.string().min(1).max(REPORT_LIMITS.htmlChars).describe('The report body as HTML (no <html>/<head> needed).'),
    lang: z.string().max(20).optional().describe('Language of the report, e.g. "en" or "fr_BE".'),
  },
  summarizeArgs: (args) => args.title,
  async run(args, ctx) {
    const title = cleanText(args.title);
    const body = sanitizeReportHtml(args.html);
    if (!title || !body.trim()) {
      return { ok: false, error: { code: 'validation_error', message: 'Nothing is left of the report after removing unsafe markup; send a title and plain HTML.' } };
    }
    return storeArtifact(ctx, 'render_report', {
      kind: 'report',
      title,
      html: wrapReport({ title, bodyHtml: body, lang: args.lang }),
    });
  },
});
