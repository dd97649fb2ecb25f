// The advisory check's rules, each written as the attack it refuses. It is advisory (Odoo's guard is
// the authority) but its refusals must tell the model what to do instead.
import { describe, expect, it } from 'vitest';
import { checkSqlAdvisory } from '../../src/sql/advisory.js';

function refusal(sql: string): string {
  const result = checkSqlAdvisory(sql);
  if (result.ok) throw new Error(`expected a refusal for: ${sql}`);
  return result.message;
}

describe('checkSqlAdvisory', () => {
  it('extracts tables and functions of an accepted SELECT', () => {
    expect(checkSqlAdvisory(
      "SELECT date_trunc('month', so.date_order), count(*) FROM sale_order so JOIN res_partner p ON p.id = so.partner_id GROUP BY 1",
    )).toEqual({ ok: true, tables: ['res_partner', 'sale_order'], functions: ['count', 'date_trunc'] });
  });

  it('rejects-stacked-statements', () => {
    expect(refusal('SELECT 1; COMMIT; DELETE FROM res_partner')).toMatch(/exactly one statement/);
  });

  it('rejects-statements-other-than-select', () => {
    expect(refusal('DELETE FROM res_partner')).toMatch(/Only SELECT/);
    expect(refusal("UPDATE res_users SET login = 'x'")).toMatch(/Only SELECT/);
  });

  it('rejects-select-into', () => {
    expect(refusal('SELECT * INTO stolen FROM res_partner')).toMatch(/INTO/);
  });

  it('rejects-data-modifying-cte', () => {
    expect(refusal('WITH d AS (DELETE FROM res_partner RETURNING id) SELECT count(*) FROM d')).toBeTruthy();
  });

  it('rejects-functions-outside-the-allowlist-even-schema-qualified', () => {
    expect(refusal('SELECT pg_sleep(10)')).toMatch(/pg_sleep\(\) is not allowed/);
    expect(refusal('SELECT pg_catalog.pg_sleep(10)')).toMatch(/not allowed/);
    expect(refusal("SELECT name FROM res_partner WHERE id = (SELECT length(pg_read_file('/etc/passwd')))")).toMatch(/pg_read_file/);
    expect(refusal("SELECT set_config('role', 'postgres', true)")).toMatch(/set_config/);
  });

  it('rejects-catalog-relations', () => {
    expect(refusal('SELECT * FROM pg_shadow')).toMatch(/System catalogs/);
    expect(refusal('SELECT * FROM information_schema.tables')).toMatch(/System catalogs/);
  });

  it('rejects-secret-tables-and-columns', () => {
    expect(refusal('SELECT value FROM ir_config_parameter')).toMatch(/holds secrets/);
    expect(refusal('SELECT login, password FROM res_users')).toMatch(/password holds a secret/);
    expect(refusal('SELECT u.login FROM res_users u WHERE u.totp_secret IS NOT NULL')).toMatch(/totp_secret/);
    expect(refusal('SELECT name, access_token FROM sale_order')).toMatch(/access_token/);
  });

  it('rejects-natural-join-that-compares-secret-columns-unnamed', () => {
    expect(refusal("SELECT count(*) FROM res_users NATURAL JOIN (SELECT 'x' AS password) s")).toMatch(/NATURAL JOIN/);
  });

  it('rejects-casts-to-catalog-types', () => {
    expect(refusal("SELECT 'pg_shadow'::regclass")).toMatch(/Casting/);
  });

  it('refuses-empty-and-unparsable-input-with-a-message', () => {
    expect(refusal('')).toMatch(/SELECT/);
    expect(refusal('SELEC name FRM res_partner')).toMatch(/could not be parsed/);
  });
});
