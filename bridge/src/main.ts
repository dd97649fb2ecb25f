// Entry point: load config, build the app, listen on loopback only, shut down cleanly.
import type { AddressInfo } from 'node:net';
import { createModelClient } from './agent/providers/anthropic.js';
import { ConfigError, isLoopbackAddress, loadConfig, type Config } from './config.js';
import { buildApp } from './http/app.js';
import { createLogger } from './log.js';
import { TOOLS } from './mcp/tools/index.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`parley-bridge: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  // Belt and braces: config already refuses these, but the bind is what matters.
  if (!isLoopbackAddress(config.host)) {
    process.stderr.write(`parley-bridge: refusing to listen on ${config.host}: not a loopback address.\n`);
    process.exit(2);
  }
  const bridge = buildApp({ config, log, model: createModelClient(config), tools: TOOLS });
  try {
    await bridge.app.listen({ host: config.host, port: config.port });
  } catch (error) {
    log.error('could not listen', { host: config.host, port: config.port, error });
    process.exit(1);
  }
  const { port } = bridge.app.server.address() as AddressInfo;
  log.info('bridge listening', {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    odoo_url: config.odooUrl,
    model: config.model,
    model_configured: config.apiKey !== null,
    missing: config.missing,
  });
  if (config.missing.length) log.warn('no model credentials: turns will be refused until they are set', { missing: config.missing });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    // Stop running turns so each posts its turn.end (cancelled), then close the listener.
    bridge.registry.cancelAll('shutdown');
    await Promise.race([bridge.drain(), new Promise((resolve) => setTimeout(resolve, 5000))]);
    await bridge.app.close();
    process.exit(0);
  };
  process.on('unhandledRejection', (error) => log.error('unhandled rejection', { error }));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
