// A loopback HTTP proxy between the bridge and Odoo for the browser tests. It forwards every
// request unchanged and holds the tool calls (POST /parley/tool/<name>) for a fixed delay before
// forwarding them, as a slow query or a busy server would. Without it a tool call on the small demo
// database ends within the same few milliseconds as it starts, and a person (or a test) could never
// see its chip "running". Everything else in the chain stays real and direct.
//
//   node --import tsx scripts/lib/latency-proxy.ts --target http://127.0.0.1:8069 --port 0 --delay-ms 400
// Prints one JSON line {"url": ...} when ready.
import { createServer, request } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    target: { type: 'string' },
    port: { type: 'string', default: '0' },
    'delay-ms': { type: 'string', default: '400' },
  },
});
if (!values.target) {
  process.stderr.write('latency-proxy: --target is required\n');
  process.exit(2);
}
const target = new URL(values.target);
const delayMs = Number(values['delay-ms']);

const server = createServer((incoming, outgoing) => {
  const slow = incoming.method === 'POST' && (incoming.url ?? '').startsWith('/parley/tool/');
  const forward = () => {
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`latency-proxy: ${error.message}`);
    });
    incoming.pipe(upstream);
  };
  if (slow) {
    // The body waits in the paused stream; pipe() resumes it once forwarding starts.
    incoming.pause();
    setTimeout(forward, delayMs);
  } else {
    forward();
  }
});

server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, delay_ms: delayMs })}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
