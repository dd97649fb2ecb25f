// Runs the whole shared attack corpus (test/fixtures/sql) through the bridge's advisory check alone,
// prints the attacks it would miss (expected: it is advisory and foolable) and the legit queries it
// would wrongly refuse, and fails only when an attack it is expected to catch gets through.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkSqlAdvisory } from '../../src/sql/advisory.js';

interface Attack {
  id: string;
  sql: string;
  category: string;
  expect_layer: string;
  advisory_expected: boolean;
}

const fixtures = fileURLToPath(new URL('../../../test/fixtures/sql/', import.meta.url));
const attacks = JSON.parse(readFileSync(`${fixtures}attacks.json`, 'utf8')) as Attack[];
const legit = readFileSync(`${fixtures}legit.sql`, 'utf8')
  .split(/^-- legit: /m)
  .slice(1)
  .map((block) => {
    const newline = block.indexOf('\n');
    return { id: block.slice(0, newline).split(' ')[0] ?? '', sql: block.slice(newline + 1).trim() };
  });

describe('advisory check over the shared corpus', () => {
  it('catches every attack it is expected to catch and lists the ones it misses', () => {
    const misses = attacks.filter((attack) => checkSqlAdvisory(attack.sql).ok);
    const unexpected = misses.filter((attack) => attack.advisory_expected).map((attack) => attack.id);
    console.log(`advisory misses ${misses.length} of ${attacks.length} attacks (stopped by later layers): `
      + JSON.stringify(misses.map((attack) => attack.id)));
    expect(unexpected).toEqual([]);
  });

  it('lets realistic analytics queries through, or says why not', () => {
    const refused = legit
      .map((query) => ({ id: query.id, result: checkSqlAdvisory(query.sql) }))
      .filter((entry) => !entry.result.ok);
    console.log(`advisory refuses ${refused.length} of ${legit.length} legit queries: `
      + JSON.stringify(refused.map((entry) => entry.id)));
    for (const entry of refused) {
      if (!entry.result.ok) expect(entry.result.message.length).toBeGreaterThan(10);
    }
  });
});
