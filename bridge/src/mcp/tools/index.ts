// Every tool the in-process MCP server can register. The tools a turn actually offers are the
// subset named in that turn's effective policy (docs/wire.md §2).
//
// Adding a tool (e.g. render_chart / render_report from bridge/src/render/): export a
// ToolDefinition built with `defineTool` (./define.ts) — give it a `run(args, ctx)` when it is not
// a plain pass-through to Odoo; `ctx.emit({type: 'artifact', ...})` adds an event to the turn and
// `ctx.odoo.callTool(...)` reaches Odoo with the turn's token — then append it to TOOLS below.
import { aggregateRecords } from './aggregate_records.js';
import { createRecord } from './create_record.js';
import type { ToolDefinition } from './define.js';
import { deleteRecords } from './delete_records.js';
import { describeModel } from './describe_model.js';
import { listModels } from './list_models.js';
import { postMessage } from './post_message.js';
import { readRecords } from './read_records.js';
import { renderChartTool } from './render_chart.js';
import { renderReportTool } from './render_report.js';
import { runAction } from './run_action.js';
import { searchRecords } from './search_records.js';
import { sqlSelect } from './sql_select.js';
import { updateRecords } from './update_records.js';

export type { ToolContext, ToolDefinition, ToolEvent } from './define.js';
export { defineTool } from './define.js';

export const TOOLS: readonly ToolDefinition[] = Object.freeze([
  listModels,
  describeModel,
  searchRecords,
  readRecords,
  aggregateRecords,
  sqlSelect,
  renderChartTool,
  renderReportTool,
  createRecord,
  updateRecords,
  runAction,
  postMessage,
  deleteRecords,
]);
