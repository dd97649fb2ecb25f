import { describe, expect, it } from 'vitest';
import { CHART_LIMITS } from '../../src/render/chart-spec.js';
import { ChartSpecError, renderChart } from '../../src/render/chart.js';
import { specFor } from './support/specs.js';

const reject = (spec: unknown, message: RegExp | typeof ChartSpecError) => expect(() => renderChart(spec)).toThrow(message);

describe('the chart spec is validated before the chart library sees it', () => {
  it('refuses a title longer than the cap, with a message the model can act on', () => {
    reject({ ...specFor('bar'), title: 'x'.repeat(CHART_LIMITS.titleChars + 1) }, /title: at most 160 characters/);
  });

  it('refuses more series than the cap', () => {
    const series = Array.from({ length: CHART_LIMITS.series + 1 }, (_, i) => ({ name: `s${i}`, values: Array(12).fill(1) }));
    reject({ ...specFor('line'), series }, /series/);
  });

  it('refuses more points per series than the cap', () => {
    const n = CHART_LIMITS.pointsPerSeries + 1;
    reject({ ...specFor('line'), categories: Array(n).fill('c'), series: [{ name: 'a', values: Array(n).fill(1) }] }, /series\.0\.values/);
  });

  it('refuses more points in all than the cap', () => {
    const n = CHART_LIMITS.pointsPerSeries;
    const series = Array.from({ length: 11 }, (_, i) => ({ name: `s${i}`, values: Array(n).fill(1) }));
    reject({ ...specFor('stacked_bar'), categories: Array(n).fill('c'), series }, /at most 5000 points/);
  });

  it.each([NaN, Infinity, -Infinity, '12', 1e400])('refuses the non-finite or non-number value %s', (bad) => {
    reject({ ...specFor('bar'), series: [{ name: 'a', values: [bad, ...Array(11).fill(1)] }] }, ChartSpecError);
  });

  it('refuses values that do not match the categories', () => {
    reject({ ...specFor('bar'), series: [{ name: 'a', values: [1, 2] }] }, /has 2 values for 12 categories/);
  });

  it('refuses a chart without provenance', () => {
    const { source: _source, ...spec } = specFor('bar');
    reject(spec, /source/);
    reject({ ...specFor('bar'), source: { call_id: 'x"><script>', tool: 'aggregate_records' } }, /source\.call_id/);
  });

  it('refuses unknown keys (an ECharts option smuggled through the spec)', () => {
    reject({ ...specFor('bar'), tooltip: { formatter: 'x' } }, /Unrecognized key/);
    reject({ ...specFor('bar'), type: 'custom' }, /type/);
  });

  it('refuses a pie with negative slices or several series, and scatter without points', () => {
    reject({ ...specFor('pie'), series: [{ name: 'a', values: [1, -2, 3] }] }, /negative/);
    reject({ ...specFor('pie'), series: [{ name: 'a', values: [1, 2, 3] }, { name: 'b', values: [1, 2, 3] }] }, /exactly one series/);
    reject({ ...specFor('scatter'), series: [{ name: 'a', values: [1, 2] }] }, /points/);
  });

  it('refuses sizes outside the limits', () => {
    reject({ ...specFor('bar'), width: 10_000 }, /width/);
    reject({ ...specFor('bar'), height: 10 }, /height/);
  });

  it('accepts gaps (null) in a line series', () => {
    const values = [1, null, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    expect(renderChart({ ...specFor('line'), series: [{ name: 'a', values }] }).svg).toContain('<svg');
  });
});
