// The chart spec the model sends to `render_chart`: validated here, before any of it reaches the
// chart library. Every string is capped and cleaned of characters that cannot appear in XML; every
// number is finite (zod 4's z.number() refuses NaN and ±Infinity); every list is capped.
import { z } from 'zod';

export const CHART_TYPES = ['bar', 'stacked_bar', 'line', 'area', 'stacked_area', 'pie', 'scatter'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

export const CHART_LIMITS = Object.freeze({
  series: 12,
  pointsPerSeries: 500,
  totalPoints: 5000,
  pieSlices: 40,
  titleChars: 160,
  labelChars: 120,
  categoryChars: 80,
  unitChars: 24,
  width: { min: 320, max: 1600, fallback: 760 },
  height: { min: 220, max: 1000, fallback: 420 },
});

// C0/C1 controls (bar tab and newline), unpaired surrogates, U+FFFE/FFFF are not allowed in XML;
// explicit bidi overrides let a label display as something it is not. Both are removed, not escaped.
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
const BIDI_OVERRIDES = /[\u202A-\u202E\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(value: string): string {
  return value.replace(LONE_SURROGATE, '').replace(NOT_IN_XML, '').replace(BIDI_OVERRIDES, '').trim();
}

const text = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .transform(cleanText);

const value = z.number();
/** A gap in a line or bar series (a month with no data) is null, never a made-up zero. */
const maybeValue = value.nullable();

export const chartSeriesSchema = z.strictObject({
  name: text(CHART_LIMITS.labelChars).describe('Series name shown in the legend, e.g. "Europe".'),
  values: z
    .array(maybeValue)
    .max(CHART_LIMITS.pointsPerSeries)
    .optional()
    .describe('One number per category, in the order of "categories"; null for a missing value. Not for scatter.'),
  points: z
    .array(z.tuple([value, value]))
    .max(CHART_LIMITS.pointsPerSeries)
    .optional()
    .describe('Scatter only: [x, y] pairs.'),
});

export const chartSourceSchema = z.strictObject({
  call_id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : - only')
    .describe('The id of the tool call whose result holds these numbers (its tool_use id).'),
  tool: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z][a-z0-9_]*$/, 'a tool name such as aggregate_records')
    .describe('That tool\'s bare name, e.g. "aggregate_records".'),
});

export const chartSpecSchema = z
  .strictObject({
    type: z.enum(CHART_TYPES).describe('Chart type; stacked_* stack the series on top of each other.'),
    title: text(CHART_LIMITS.titleChars).pipe(z.string().min(1, 'a chart needs a title')),
    subtitle: text(CHART_LIMITS.titleChars).optional().describe('One line under the title, e.g. the filter used.'),
    x_label: text(CHART_LIMITS.labelChars).optional().describe('Axis name under the x axis.'),
    y_label: text(CHART_LIMITS.labelChars).optional().describe('Axis name of the value axis.'),
    unit: text(CHART_LIMITS.unitChars).optional().describe('Unit of the values, e.g. "EUR" or "hours".'),
    categories: z
      .array(text(CHART_LIMITS.categoryChars))
      .max(CHART_LIMITS.pointsPerSeries)
      .optional()
      .describe('x-axis labels (bar, line, area) or slice names (pie); every series has one value per category.'),
    series: z
      .array(chartSeriesSchema)
      .min(1, 'at least one series')
      .max(CHART_LIMITS.series)
      .describe(`1 to ${CHART_LIMITS.series} series; a pie has exactly one.`),
    source: chartSourceSchema.describe('Provenance: the tool call that produced the numbers, shown under the chart.'),
    width: z.number().int().min(CHART_LIMITS.width.min).max(CHART_LIMITS.width.max).optional().describe('Pixels, default 760.'),
    height: z.number().int().min(CHART_LIMITS.height.min).max(CHART_LIMITS.height.max).optional().describe('Pixels, default 420.'),
  })
  .superRefine((spec, ctx) => {
    const issue = (message: string, path: (string | number)[]) => ctx.addIssue({ code: 'custom', message, path });
    let total = 0;
    spec.series.forEach((series, index) => {
      if (spec.type === 'scatter') {
        if (!series.points) issue('scatter series need "points": [[x, y], …]', ['series', index, 'points']);
        if (series.values) issue('scatter series take "points", not "values"', ['series', index, 'values']);
        total += series.points?.length ?? 0;
        return;
      }
      if (series.points) issue(`${spec.type} series take "values", not "points"`, ['series', index, 'points']);
      if (!series.values) {
        issue('each series needs "values", one per category', ['series', index, 'values']);
        return;
      }
      if (spec.categories && series.values.length !== spec.categories.length) {
        issue(`has ${series.values.length} values for ${spec.categories.length} categories`, ['series', index, 'values']);
      }
      total += series.values.length;
    });
    if (spec.type !== 'scatter' && !spec.categories) issue(`${spec.type} charts need "categories"`, ['categories']);
    if (total > CHART_LIMITS.totalPoints) issue(`at most ${CHART_LIMITS.totalPoints} points in all`, ['series']);
    if (spec.type === 'pie') {
      if (spec.series.length !== 1) issue('a pie chart has exactly one series', ['series']);
      if ((spec.categories?.length ?? 0) > CHART_LIMITS.pieSlices) {
        issue(`a pie chart has at most ${CHART_LIMITS.pieSlices} slices`, ['categories']);
      }
      if (spec.series[0]?.values?.some((v) => v !== null && v < 0)) issue('pie values cannot be negative', ['series', 0]);
    }
  });

export type ChartSpecInput = z.input<typeof chartSpecSchema>;
export type ChartSpec = z.output<typeof chartSpecSchema>;
