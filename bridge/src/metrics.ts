// A few counters and gauges in Prometheus text format. Label values come from fixed sets (status,
// known tool names, error codes) so a model cannot grow the label space.

type Labels = Record<string, string>;

interface Metric {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, { labels: Labels; value: number }>;
}

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export class Metrics {
  private readonly metrics = new Map<string, Metric>();
  private readonly gauges = new Map<string, () => number>();

  constructor() {
    this.declare('parley_bridge_turns_started_total', 'counter', 'Turns accepted by the bridge.');
    this.declare('parley_bridge_turns_finished_total', 'counter', 'Turns finished, by status.');
    this.declare('parley_bridge_model_rounds_total', 'counter', 'Model requests made.');
    this.declare('parley_bridge_tool_calls_total', 'counter', 'Tool calls, by tool and outcome.');
    this.declare('parley_bridge_tool_refused_total', 'counter', 'tool_use blocks naming a tool that was not offered.');
    this.declare('parley_bridge_requests_refused_total', 'counter', 'HTTP requests refused, by error code.');
    this.declare('parley_bridge_kills_total', 'counter', 'POST /v1/kill requests that stopped the running turns.');
    this.declare('parley_bridge_turns_running', 'gauge', 'Turns running now.');
  }

  private declare(name: string, type: Metric['type'], help: string): void {
    this.metrics.set(name, { help, type, values: new Map() });
  }

  inc(name: string, labels: Labels = {}, by = 1): void {
    const metric = this.metrics.get(name);
    if (!metric) throw new Error(`unknown metric ${name}`);
    const key = JSON.stringify(Object.entries(labels).sort());
    const entry = metric.values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    metric.values.set(key, entry);
  }

  /** A gauge read at scrape time. */
  gauge(name: string, read: () => number): void {
    this.gauges.set(name, read);
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, metric] of this.metrics) {
      lines.push(`# HELP ${name} ${metric.help}`, `# TYPE ${name} ${metric.type}`);
      const read = this.gauges.get(name);
      if (read) lines.push(`${name} ${read()}`);
      for (const { labels, value } of metric.values.values()) {
        const rendered = Object.entries(labels)
          .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
          .join(',');
        lines.push(`${name}${rendered ? `{${rendered}}` : ''} ${value}`);
      }
    }
    return lines.join('\n') + '\n';
  }
}
