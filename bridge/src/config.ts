// Environment → one frozen, validated Config. Bad configuration is refused with a message that
// says which variable is wrong and why; the process never starts half-configured.
import { readFileSync, statSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { z } from 'zod';

export const BRIDGE_VERSION = '0.1.0';
export const DEFAULT_MODEL = 'claude-sonnet-5-5';
/** Hard ceiling for PARLEY_MAX_ROUNDS and a turn's `max_rounds` (docs/wire.md §2). */
export const ROUNDS_CEILING = 32;

export interface Config {
  readonly odooUrl: string;
  readonly host: string;
  readonly port: number;
  readonly model: string;
  /** null when neither ANTHROPIC_API_KEY nor PARLEY_API_KEY_FILE is set: the bridge starts degraded. */
  readonly apiKey: string | null;
  /** Names of the settings whose absence keeps the bridge from running turns (for /healthz). */
  readonly missing: readonly string[];
  readonly modelBaseUrl: string | null;
  readonly maxBodyBytes: number;
  readonly maxRounds: number;
  readonly modelMaxRetries: number;
  readonly modelTimeoutMs: number;
  readonly toolTimeoutMs: number;
  readonly turnTimeoutMs: number;
  readonly maxConcurrentTurns: number;
  /** Operators' secret for POST /v1/kill (PARLEY_KILL_SECRET_FILE, 0600); null when not set. */
  readonly killSecret: string | null;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** True for addresses that can only be reached from this machine: 127.0.0.0/8 and ::1. */
export function isLoopbackAddress(host: string): boolean {
  if (isIPv4(host)) return host.startsWith('127.');
  return host === '::1';
}

const intVar = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((value) => value ?? fallback);

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL')
  .transform((value) => value.replace(/\/+$/, ''));

const EnvSchema = z.object({
  PARLEY_ODOO_URL: httpUrl.optional().transform((v) => v ?? 'http://127.0.0.1:8069'),
  PARLEY_BRIDGE_HOST: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || '127.0.0.1')
    .refine(isLoopbackAddress, 'must be a loopback address (127.x.x.x or ::1); the bridge never listens on a reachable interface'),
  PARLEY_BRIDGE_PORT: intVar(0, 65535, 8765),
  PARLEY_MODEL: z.string().trim().min(1).optional().transform((v) => v ?? DEFAULT_MODEL),
  ANTHROPIC_API_KEY: z.string().trim().optional(),
  PARLEY_API_KEY_FILE: z.string().trim().optional(),
  PARLEY_KILL_SECRET_FILE: z.string().trim().optional(),
  PARLEY_MODEL_BASE_URL: httpUrl.optional(),
  ANTHROPIC_BASE_URL: httpUrl.optional(),
  PARLEY_MAX_BODY_BYTES: intVar(1024, 64 * 1024 * 1024, 1024 * 1024),
  PARLEY_MAX_ROUNDS: intVar(1, ROUNDS_CEILING, 16),
  PARLEY_MODEL_MAX_RETRIES: intVar(0, 10, 2),
  PARLEY_MODEL_TIMEOUT_MS: intVar(1000, 3_600_000, 120_000),
  PARLEY_TOOL_TIMEOUT_MS: intVar(100, 600_000, 30_000),
  PARLEY_TURN_TIMEOUT_MS: intVar(1000, 3_600_000, 300_000),
  PARLEY_MAX_TURNS: intVar(1, 1000, 16),
  PARLEY_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional().transform((v) => v ?? 'info'),
});

/**
 * Reads the model key from a file that only its owner can read. A key file readable by group or
 * others is refused rather than used: it would already have leaked to every local account.
 */
export function readApiKeyFile(path: string, variable = 'PARLEY_API_KEY_FILE'): string {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new ConfigError(`${variable}: cannot read ${path}: the file does not exist or is not accessible.`);
  }
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    throw new ConfigError(
      `${variable}: ${path} has mode ${octal}; it must be 0600 or stricter (run: chmod 600 <file>).`,
    );
  }
  const key = readFileSync(path, 'utf8').trim();
  if (!key) throw new ConfigError(`${variable}: ${path} is empty.`);
  return key;
}

/** The kill secret: at least 32 characters, so it cannot be guessed over loopback. */
function readKillSecret(path: string): string {
  const secret = readApiKeyFile(path, 'PARLEY_KILL_SECRET_FILE');
  if (secret.length < 32) throw new ConfigError('PARLEY_KILL_SECRET_FILE: the secret must be at least 32 characters.');
  return secret;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((name) => [name, env[name] === '' ? undefined : env[name]]),
  );
  const parsed = EnvSchema.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`);
    throw new ConfigError(`Invalid bridge configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  // An explicit key file wins over the environment: it is the documented place for production keys.
  const apiKey = e.PARLEY_API_KEY_FILE ? readApiKeyFile(e.PARLEY_API_KEY_FILE) : e.ANTHROPIC_API_KEY || null;
  const config: Config = {
    odooUrl: e.PARLEY_ODOO_URL,
    host: e.PARLEY_BRIDGE_HOST,
    port: e.PARLEY_BRIDGE_PORT,
    model: e.PARLEY_MODEL,
    apiKey,
    missing: apiKey ? [] : ['ANTHROPIC_API_KEY'],
    modelBaseUrl: e.PARLEY_MODEL_BASE_URL ?? e.ANTHROPIC_BASE_URL ?? null,
    maxBodyBytes: e.PARLEY_MAX_BODY_BYTES,
    maxRounds: e.PARLEY_MAX_ROUNDS,
    modelMaxRetries: e.PARLEY_MODEL_MAX_RETRIES,
    modelTimeoutMs: e.PARLEY_MODEL_TIMEOUT_MS,
    toolTimeoutMs: e.PARLEY_TOOL_TIMEOUT_MS,
    turnTimeoutMs: e.PARLEY_TURN_TIMEOUT_MS,
    maxConcurrentTurns: e.PARLEY_MAX_TURNS,
    killSecret: e.PARLEY_KILL_SECRET_FILE ? readKillSecret(e.PARLEY_KILL_SECRET_FILE) : null,
    logLevel: e.PARLEY_LOG_LEVEL,
  };
  return Object.freeze({ ...config, missing: Object.freeze([...config.missing]) });
}
