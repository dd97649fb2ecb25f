// Reads one test runner's output and prints "<passed> <failed> <skipped>" on stdout, and the names
// of failing tests on stderr. Used by scripts/test.sh and scripts/odoo-tier.sh so that every tier is
// counted the same way; the parsers are exported for test/harness/.
//
//   node --import tsx scripts/lib/counts.ts vitest   <report.json>   vitest's JSON reporter output
//   node --import tsx scripts/lib/counts.ts unittest <output.log>    python -m unittest output
//   node --import tsx scripts/lib/counts.ts odoo     <odoo.log>      an Odoo 18 log of a --test-enable run
// It prints "<passed> <failed> <skipped> <ran: 1|0>".
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
  /** At least one test ran (a runner that found nothing must not look green). */
  ran: boolean;
}

interface VitestReport {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  numTotalTests?: number;
  testResults?: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults?: Array<{ status: string; fullName?: string; title?: string }>;
  }>;
}

/**
 * vitest --reporter=json. A file that failed to load (syntax error, missing import) has no tests but
 * a failed suite: it counts as one failure, or a broken file would look like a green run.
 */
export function parseVitestJson(text: string): Counts {
  const report = JSON.parse(text) as VitestReport;
  const failures: string[] = [];
  let brokenFiles = 0;
  for (const file of report.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    for (const t of tests) {
      if (t.status === 'failed') failures.push(t.fullName ?? t.title ?? '?');
    }
    if (file.status === 'failed' && !tests.some((t) => t.status === 'failed')) {
      brokenFiles += 1;
      failures.push(`${file.name}: ${String(file.message ?? 'failed to run').split('\n')[0]}`);
    }
  }
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    failures,
    ran: (report.numTotalTests ?? 0) > 0,
  };
}

/**
 * python -m unittest: "Ran N tests" then "OK", "OK (skipped=2)" or "FAILED (failures=1, errors=2)".
 * An import error in a test module shows up as an error of a synthetic test, so it is counted.
 */
export function parseUnittest(text: string): Counts {
  const ran = text.match(/^Ran (\d+) tests? in /m);
  const total = ran ? Number(ran[1]) : 0;
  const verdict = [...text.matchAll(/^(OK|FAILED)(?: \(([^)]*)\))?\s*$/gm)].at(-1);
  const field = (name: string): number => {
    const m = verdict?.[2]?.match(new RegExp(`\\b${name}=(\\d+)`));
    return m ? Number(m[1]) : 0;
  };
  const failed = field('failures') + field('errors') + field('unexpected successes');
  const skipped = field('skipped') + field('expected failures');
  const failures = [...text.matchAll(/^(?:FAIL|ERROR): (.+)$/gm)].map((m) => m[1] ?? '');
  if (!verdict) {
    // No verdict line: the runner itself crashed before finishing.
    return { passed: 0, failed: 1, skipped: 0, failures: ['unittest did not finish (no OK/FAILED line)'], ran: false };
  }
  return { passed: Math.max(0, total - failed - skipped), failed, skipped, failures, ran: total > 0 };
}

/**
 * An Odoo 18 log of `--test-enable --stop-after-init`. Odoo prints "<f> failed, <e> error(s) of <n>
 * tests when loading database '<db>'" at the end, but may exit 0 even when tests failed, and prints
 * nothing of the kind when the module failed to install: such errors count as failures too.
 */
export function parseOdooLog(text: string): Counts {
  const summaries = [...text.matchAll(/(\d+) failed, (\d+) error\(s\) of (\d+) tests/g)];
  const last = summaries.at(-1);
  const failures: string[] = [];
  for (const m of text.matchAll(/^\S+ \S+ \d+ (?:ERROR|CRITICAL) \S+ (\S+): (FAIL|ERROR): (.+)$/gm)) {
    failures.push(`${m[2]}: ${m[3]}`);
  }
  const fatal = [...text.matchAll(/^\S+ \S+ \d+ CRITICAL \S+ (\S+): (.+)$/gm)].map((m) => `CRITICAL ${m[1]}: ${m[2]}`);
  const skipped = [...text.matchAll(/^\S+ \S+ \d+ INFO \S+ odoo\.addons\.\S+: skipped /gm)].length;
  if (!last) {
    return { passed: 0, failed: 1, skipped: 0, failures: [...fatal, 'no test summary line in the Odoo log'], ran: false };
  }
  const failed = Number(last[1]) + Number(last[2]);
  const total = Number(last[3]);
  return {
    passed: Math.max(0, total - failed - skipped),
    failed: failed + (failed === 0 ? fatal.length : 0),
    skipped,
    failures: [...failures, ...fatal],
    ran: total > 0,
  };
}

const PARSERS: Record<string, (text: string) => Counts> = { vitest: parseVitestJson, unittest: parseUnittest, odoo: parseOdooLog };

function main(argv: string[]): number {
  const [kind = '', file] = argv;
  const parse = PARSERS[kind];
  if (!parse || !file) {
    process.stderr.write('usage: counts.ts vitest|unittest|odoo <file>\n');
    return 2;
  }
  let counts: Counts;
  try {
    counts = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    counts = { passed: 0, failed: 1, skipped: 0, failures: [`cannot read ${kind} results from ${file}: ${why}`], ran: false };
  }
  for (const name of counts.failures) process.stderr.write(`  failed: ${name}\n`);
  process.stdout.write(`${counts.passed} ${counts.failed} ${counts.skipped} ${counts.ran ? 1 : 0}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = main(process.argv.slice(2));
}
