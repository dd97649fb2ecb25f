// Runs the scripted model server standalone:
//   npx tsx test/scripted-model/cli.ts --port 18180 --scenarios test/fixtures/scenarios
// Prints one JSON line {"url": ...} when ready; stops on SIGTERM/SIGINT.
import { parseArgs } from 'node:util';
import { startScriptedModel } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    scenarios: { type: 'string', default: 'test/fixtures/scenarios' },
  },
});

try {
  const model = await startScriptedModel({ port: Number(values.port), host: values.host, scenarios: values.scenarios });
  process.stdout.write(JSON.stringify({ url: model.url, port: model.port }) + '\n');
  const stop = () => void model.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  process.stderr.write(`scripted-model: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
