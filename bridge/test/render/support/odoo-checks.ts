// Odoo's artifact checks (document_problem, svg_problem of models/parley_artifact.py) run by the
// system Python without importing Odoo: the module's plain constants and those two pure functions
// are loaded from its source, so exactly the code the store route runs is what is checked and timed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ARTIFACT_MODEL = fileURLToPath(new URL('../../../../odoo_addon/parley/models/parley_artifact.py', import.meta.url));
export const artifactModelPresent = existsSync(ARTIFACT_MODEL);

const RUN_CHECKS = `
import ast, json, re, sys, time
tree = ast.parse(open(sys.argv[1]).read())
scope = {'__builtins__': {'isinstance': isinstance, 'str': str, 'len': len, 'any': any}, 're': re}
for node in tree.body:
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        try:
            exec(compile(ast.Module([node], []), 'constants', 'exec'), scope)
        except Exception:
            pass  # not a plain constant (needs Odoo)
    elif isinstance(node, ast.FunctionDef) and node.name in ('document_problem', 'svg_problem'):
        exec(compile(ast.Module([node], []), 'checks', 'exec'), scope)
verdicts = []
for item in json.load(sys.stdin):
    started = time.perf_counter()
    problem = scope['document_problem'](item['html'])
    if not problem and 'svg' in item:
        problem = scope['svg_problem'](item['svg'])
    verdicts.append({'problem': problem, 'ms': (time.perf_counter() - started) * 1000})
print(json.dumps(verdicts))
`;

export interface OdooVerdict {
  /** Why Odoo would refuse the artifact, or null when it would store it. */
  problem: string | null;
  /** How long the check took. */
  ms: number;
}

/** Throws when Python is missing or the checks outlive `timeoutMs` (a regression to slow patterns). */
export function odooArtifactChecks(items: { html: string; svg?: string }[], timeoutMs = 120_000): OdooVerdict[] {
  const out = execFileSync(process.env.PARLEY_SYSTEM_PYTHON ?? '/usr/bin/python3', ['-c', RUN_CHECKS, ARTIFACT_MODEL], {
    input: JSON.stringify(items),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: timeoutMs,
  });
  return JSON.parse(out) as OdooVerdict[];
}
