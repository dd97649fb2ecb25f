// Spec → ECharts option. Everything that makes the chart look deliberate lives here: one palette,
// one type scale, quiet gridlines, compact numbers, a legend only when there is more than one series.
// No interactivity: the output is a static image (animation, hover and tooltips are all off).
import type { EChartsCoreOption } from 'echarts/core';
import type { ChartSpec } from './chart-spec.js';

// Colour-blind-aware categorical palette (Okabe–Ito order, adjusted for contrast on white).
export const PALETTE = [
  '#2f6fdf', '#e69f00', '#009e73', '#d55e00', '#7b61c2', '#56b4e9',
  '#cc79a7', '#8c8c2a', '#0b7a8a', '#a0522d', '#5d6d7e', '#c03a6b',
];
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif';
const INK = '#1f2937';
const MUTED = '#6b7280';
const RULE = '#e5e7eb';

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const precise = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export function formatNumber(value: number, unit?: string): string {
  const text = Math.abs(value) >= 10_000 ? compact.format(value) : precise.format(value);
  return unit ? `${text} ${unit}` : text;
}

interface Frame {
  width: number;
  height: number;
  caption: string;
}

export function buildChartOption(spec: ChartSpec, frame: Frame): EChartsCoreOption {
  const multi = spec.series.length > 1 || spec.type === 'pie';
  const top = spec.subtitle ? 72 : 52;
  return {
    animation: false,
    color: PALETTE,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT, color: INK },
    title: {
      text: spec.title,
      subtext: spec.subtitle ?? '',
      left: 16,
      top: 12,
      textStyle: { fontSize: 16, fontWeight: 600, color: INK, width: frame.width - 32, overflow: 'truncate' },
      subtextStyle: { fontSize: 12, color: MUTED, width: frame.width - 32, overflow: 'truncate' },
    },
    legend: multi
      ? {
          show: true,
          type: 'plain',
          top: spec.subtitle ? 56 : 38,
          right: 16,
          left: spec.type === 'pie' ? 16 : 'auto',
          selectedMode: false,
          icon: 'roundRect',
          itemWidth: 12,
          itemHeight: 8,
          textStyle: { fontSize: 12, color: INK, width: 160, overflow: 'truncate' },
        }
      : { show: false },
    graphic: [
      {
        type: 'text',
        left: 16,
        bottom: 10,
        silent: true,
        style: { text: frame.caption, fill: MUTED, fontSize: 11, fontFamily: FONT },
      },
    ],
    ...(spec.type === 'pie' ? pieParts(spec, frame) : axisParts(spec, top + (multi ? 18 : 0))),
  };
}

function axisParts(spec: ChartSpec, top: number): EChartsCoreOption {
  const scatter = spec.type === 'scatter';
  const stacked = spec.type === 'stacked_bar' || spec.type === 'stacked_area';
  const valueAxis = (name: string | undefined, unit: string | undefined, position: 'x' | 'y') => ({
    type: 'value',
    name: axisName(name, unit),
    nameLocation: 'middle',
    nameGap: position === 'y' ? 52 : 30,
    nameTextStyle: { color: MUTED, fontSize: 12 },
    axisLabel: { color: MUTED, fontSize: 11, formatter: (v: number) => formatNumber(v) },
    splitLine: { lineStyle: { color: RULE } },
    axisLine: { show: false },
    axisTick: { show: false },
    scale: scatter,
    // Room around scatter points, so a point at the extreme is not cut in half by the frame.
    boundaryGap: scatter ? ['6%', '6%'] : undefined,
  });
  const categoryAxis = {
    type: 'category',
    name: spec.x_label ?? '',
    nameLocation: 'middle',
    nameGap: 34,
    nameTextStyle: { color: MUTED, fontSize: 12 },
    data: spec.categories ?? [],
    boundaryGap: spec.type === 'bar' || spec.type === 'stacked_bar',
    axisLabel: { color: MUTED, fontSize: 11, hideOverlap: true, width: 110, overflow: 'truncate' },
    axisLine: { lineStyle: { color: '#9ca3af' } },
    axisTick: { show: false },
  };
  return {
    grid: { left: 16, right: 24, top, bottom: 40, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    xAxis: scatter ? valueAxis(spec.x_label, undefined, 'x') : categoryAxis,
    yAxis: valueAxis(spec.y_label, spec.unit, 'y'),
    series: spec.series.map((series) => ({
      name: series.name,
      type: spec.type === 'stacked_bar' ? 'bar' : spec.type === 'scatter' ? 'scatter' : spec.type === 'bar' ? 'bar' : 'line',
      data: scatter ? series.points : series.values,
      stack: stacked ? 'total' : undefined,
      silent: true,
      emphasis: { disabled: true },
      barMaxWidth: 48,
      barGap: '12%',
      symbol: 'circle',
      symbolSize: scatter ? 8 : 5,
      showSymbol: scatter || (series.values?.length ?? 0) <= 24,
      connectNulls: false,
      lineStyle: { width: 2 },
      areaStyle: spec.type === 'area' || spec.type === 'stacked_area' ? { opacity: stacked ? 0.85 : 0.14 } : undefined,
      itemStyle: scatter ? { opacity: 0.8 } : { borderRadius: spec.type === 'bar' ? [3, 3, 0, 0] : 0 },
    })),
  };
}

function pieParts(spec: ChartSpec, frame: Frame): EChartsCoreOption {
  const series = spec.series[0];
  const categories = spec.categories ?? [];
  const data = (series?.values ?? []).map((value, index) => ({ name: categories[index] ?? '', value: value ?? 0 }));
  const unit = spec.unit;
  return {
    legend: {
      show: true,
      type: 'plain',
      orient: 'vertical',
      right: 24,
      top: 'middle',
      selectedMode: false,
      icon: 'roundRect',
      itemWidth: 12,
      itemHeight: 8,
      textStyle: { fontSize: 12, color: INK, width: Math.min(220, frame.width / 3), overflow: 'truncate' },
    },
    series: [
      {
        name: series?.name ?? '',
        type: 'pie',
        data,
        silent: true,
        emphasis: { disabled: true },
        radius: ['38%', '66%'],
        center: ['38%', '55%'],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
        label: {
          color: INK,
          fontSize: 11,
          formatter: (p: { value: number; percent: number }) => `${formatNumber(p.value, unit)} · ${p.percent.toFixed(0)}%`,
        },
        labelLine: { lineStyle: { color: '#9ca3af' } },
      },
    ],
  };
}

function axisName(label: string | undefined, unit: string | undefined): string {
  if (label && unit) return `${label} (${unit})`;
  return label ?? unit ?? '';
}
