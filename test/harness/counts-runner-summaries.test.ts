// The test command's counts come from these parsers: a runner that crashed, found no test, or (for
// Odoo) exited 0 with failing tests must never be counted as green.
import { describe, expect, it } from 'vitest';
import { parseOdooLog, parseUnittest, parseVitestJson } from '../../scripts/lib/counts.js';

const odooLine = (level: string, logger: string, message: string) =>
  `2026-11-22 00:29:54,281 30843 ${level} hh_db ${logger}: ${message}`;

describe('Odoo log', () => {
  it('counts failures and errors from the summary line even when Odoo exited 0', () => {
    const log = [
      odooLine('INFO', 'odoo.addons.parley.tests.test_x', 'Starting TestX.test_a ...'),
      odooLine('ERROR', 'odoo.addons.parley.tests.test_x', 'FAIL: TestX.test_a'),
      odooLine('ERROR', 'odoo.addons.parley.tests.test_x', 'ERROR: TestX.test_b'),
      odooLine('ERROR', 'odoo.tests.result', "1 failed, 1 error(s) of 10 tests when loading database 'hh_db'"),
    ].join('\n');
    expect(parseOdooLog(log)).toEqual({
      passed: 8, failed: 2, skipped: 0, ran: true, failures: ['FAIL: TestX.test_a', 'ERROR: TestX.test_b'],
    });
  });

  it('counts skipped tests apart from passed ones', () => {
    const log = [
      odooLine('INFO', 'odoo.addons.parley.tests.test_x', 'skipped test_c (odoo.addons.parley.tests.test_x.TestX.test_c) : no browser'),
      odooLine('INFO', 'odoo.tests.result', "0 failed, 0 error(s) of 3 tests when loading database 'hh_db'"),
    ].join('\n');
    expect(parseOdooLog(log)).toMatchObject({ passed: 2, failed: 0, skipped: 1, ran: true });
  });

  it('treats a log without a summary (module failed to install) as a failure', () => {
    const log = odooLine('CRITICAL', 'odoo.service.server', 'Failed to initialize database `hh_db`.');
    const counts = parseOdooLog(log);
    expect(counts.failed).toBe(1);
    expect(counts.ran).toBe(false);
    expect(counts.failures.join('\n')).toContain('Failed to initialize database');
  });

  it('reports a run of zero tests as not having run', () => {
    const log = odooLine('WARNING', 'odoo.tests.result', "0 failed, 0 error(s) of 0 tests when loading database 'hh_db'");
    expect(parseOdooLog(log)).toMatchObject({ passed: 0, failed: 0, ran: false });
  });
});

describe('python unittest output', () => {
  it('reads a green run with skips', () => {
    expect(parseUnittest('....s\n---\nRan 5 tests in 0.1s\n\nOK (skipped=1)\n')).toMatchObject({ passed: 4, failed: 0, skipped: 1, ran: true });
  });

  it('reads failures and errors and names them', () => {
    const out = 'FAIL: test_a (lib.tests.test_token.T.test_a)\nERROR: test_b (lib.tests.test_token.T.test_b)\nRan 6 tests in 0.2s\n\nFAILED (failures=1, errors=1)\n';
    expect(parseUnittest(out)).toEqual({
      passed: 4, failed: 2, skipped: 0, ran: true,
      failures: ['test_a (lib.tests.test_token.T.test_a)', 'test_b (lib.tests.test_token.T.test_b)'],
    });
  });

  it('treats output without a verdict (the runner crashed) as a failure', () => {
    expect(parseUnittest('Traceback (most recent call last):\n  ...\nImportError: x\n')).toMatchObject({ failed: 1, ran: false });
  });
});

describe('vitest JSON report', () => {
  it('counts a file that failed to load as a failure even though it has no failing test', () => {
    const report = {
      numPassedTests: 3, numFailedTests: 0, numPendingTests: 1, numTodoTests: 0, numTotalTests: 4,
      testResults: [
        { name: 'a.test.ts', status: 'passed', assertionResults: [{ status: 'passed', fullName: 'a' }] },
        { name: 'b.test.ts', status: 'failed', message: 'Cannot find module x\nstack', assertionResults: [] },
      ],
    };
    expect(parseVitestJson(JSON.stringify(report))).toEqual({
      passed: 3, failed: 1, skipped: 1, ran: true, failures: ['b.test.ts: Cannot find module x'],
    });
  });

  it('reports an empty run as not having run', () => {
    expect(parseVitestJson(JSON.stringify({ numTotalTests: 0, testResults: [] }))).toMatchObject({ ran: false, failed: 0 });
  });
});
