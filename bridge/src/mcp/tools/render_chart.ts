// render_chart: the model's chart spec → a static SVG drawn here (bridge/src/render), stored in Odoo
// as an artifact of the turn's session. The model gets a short confirmation with the artifact id,
// never the SVG back (it would only cost tokens); the panel shows the chart from the artifact event.
import { chartSpecSchema } from '../../render/chart-spec.js';
import { ChartSpecError, chartDocument, renderChart } from '../../render/chart.js';
import { defineTool } from './define.js';
import { storeArtifact } from '../../render/store-artifact.js';

export const renderChartTool = defineTool({
  name: 'render_chart',
  title: 'Render a chart',
  description:
    'Draw a chart (bar, stacked_bar, line, area, stacked_area, pie, scatter) from numbers you got from another tool call, ' +
    'and show it to the user in the chat. Pass the numbers themselves and, in "source", the call id and name of the tool ' +
    'that returned them; the chart says where its numbers come from. Returns the artifact id, not the picture.',
  input: chartSpecSchema.shape,
  summarizeArgs: (args) => `${args.type} · ${args.title}`,
  async run(args, ctx) {
    let chart;
    try {
      chart = renderChart(args);
    } catch (error) {
      if (error instanceof ChartSpecError) return { ok: false, error: { code: 'validation_error', message: error.message } };
      throw error;
    }
    const spec = chartSpecSchema.parse(args);
    return storeArtifact(ctx, 'render_chart', {
      kind: 'chart',
      title: chart.title,
      html: chartDocument(chart),
      svg: chart.svg,
      width: chart.width,
      height: chart.height,
      source: spec.source,
    });
  },
});
