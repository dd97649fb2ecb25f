// One realistic spec per chart type: monthly sales by team, as aggregate_records would return them.
import type { ChartSpecInput, ChartType } from '../../../src/render/chart-spec.js';

export const SOURCE = { call_id: 'toolu_01Sales2025', tool: 'aggregate_records' } as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const TEAMS = [
  { name: 'Europe', values: [42100, 45800, 51200, 49900, 55300, 61000, 58200, 52400, 63900, 67100, 72800, 81500] },
  { name: 'Americas', values: [31800, 29900, 35400, 38800, 41200, 39700, 44300, 46900, 45100, 50200, 53800, 60900] },
  { name: 'Direct sales', values: [12300, 14100, 13800, 15900, 17200, 16400, 18800, 17600, 20100, 22400, 21900, 26300] },
];

export function specFor(type: ChartType): ChartSpecInput {
  const common = { type, source: { ...SOURCE }, unit: 'EUR' };
  switch (type) {
    case 'pie':
      return {
        ...common,
        title: 'Revenue share by team, 2025',
        categories: TEAMS.map((t) => t.name),
        series: [{ name: 'Revenue', values: TEAMS.map((t) => t.values.reduce((a, b) => a + b, 0)) }],
      };
    case 'scatter':
      return {
        ...common,
        title: 'Order size vs. days to pay',
        x_label: 'Days to pay',
        y_label: 'Order total',
        series: [
          { name: 'Europe', points: [[12, 4200], [30, 8100], [45, 2500], [21, 6100], [60, 12800], [14, 3900], [33, 7400]] },
          { name: 'Americas', points: [[18, 5100], [40, 9900], [25, 3300], [52, 11200], [9, 2100], [36, 6600]] },
        ],
      };
    default:
      return {
        ...common,
        title: 'Monthly sales 2025 by team',
        subtitle: 'Confirmed sale orders, untaxed amount',
        x_label: 'Month',
        y_label: 'Revenue',
        categories: MONTHS,
        series: TEAMS.map((t) => ({ name: t.name, values: [...t.values] })),
      };
  }
}
