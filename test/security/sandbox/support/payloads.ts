// The hostile-HTML corpus with its placeholders filled in for one canary server.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Property = 'script' | 'network' | 'navigation' | 'form' | 'parent-dom';

export interface Payload {
  id: string;
  attacks: Property;
  html: string;
}

const CORPUS = fileURLToPath(new URL('../../../fixtures/hostile-html/payloads.json', import.meta.url));

export function loadPayloads(): Payload[] {
  const data = JSON.parse(readFileSync(CORPUS, 'utf8')) as { payloads: Payload[] };
  return data.payloads;
}

/** The script every payload tries to run: sentinels on all three windows, a dialog, a request. */
export function instantiate(html: string, canaryPort: number): string {
  const canary = `http://127.0.0.1:${canaryPort}`;
  const js = `top.__pwned=1;parent.__pwned=1;window.__pwned=1;alert(1);fetch(\`${canary}/js\`)`;
  return html
    .replaceAll('{{JS_ATTR}}', js)
    .replaceAll('{{JS}}', js)
    .replaceAll('{{CANARY_PORT}}', String(canaryPort))
    .replaceAll('{{CANARY}}', canary);
}
