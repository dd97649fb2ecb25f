// Layer 1 of sql_select (DESIGN section 8): an early, ADVISORY check of model-written SQL.
//
// It turns the obvious mistakes into a tool error the model can act on before the call reaches Odoo.
// It is known to be foolable (node-sql-parser's lexer does not read strings, comments and dollar
// quotes exactly as PostgreSQL does), so nothing relies on it: Odoo's pglast guard, the read-only
// transaction and the restricted role each hold on their own. The policy data is a copy of the addon's
// lib/sql_policy.py (a Python test keeps the two equal).
import nodeSqlParser from 'node-sql-parser';
import policy from './policy.json' with { type: 'json' };

export type AdvisoryResult =
  | { ok: true; tables: string[]; functions: string[] }
  | { ok: false; message: string };

const { Parser } = nodeSqlParser;
const parser = new Parser();
const DIALECT = { database: 'PostgresQL' } as const; // chosen explicitly: the default is MySQL
const MAX_LENGTH = 20000;

const allowedFunctions = new Set(policy.allowed_functions);
const allowedTypes = new Set(policy.allowed_types);
const sensitiveTables = new Set(policy.sensitive_tables);
const sensitiveColumns = new Set(policy.sensitive_columns);
const sensitivePattern = new RegExp(policy.sensitive_column_pattern);
const catalogSchemas = new Set(['pg_catalog', 'information_schema', 'pg_toast']);
// SQL syntax that node-sql-parser reports as function calls (PostgreSQL parses them as expressions).
const syntaxFunctions = new Set(['coalesce', 'nullif', 'greatest', 'least', 'rollup', 'cube', 'grouping sets',
  'any', 'all', 'some', 'exists', 'row', 'array', 'current_date', 'current_time', 'current_timestamp', 'localtime',
  'localtimestamp']);
// When node-sql-parser cannot read valid PostgreSQL (a dialect gap), the query goes on to Odoo only if
// nothing in its text looks like a second statement, a write or a catalog.
const suspicious = new RegExp(String.raw`;\s*\S|\\|\$[A-Za-z_0-9]*\$|\bpg_|\binformation_schema\b|\b(insert|update|delete|merge|`
  + String.raw`drop|alter|create|truncate|grant|revoke|copy|do|call|lock|set|reset|listen|notify|prepare|execute|`
  + String.raw`vacuum|into|share|commit|rollback|abort|checkpoint|load|discard|declare|xml\w*|dblink\w*)\b`, 'i');
const sessionNames = new Set(['current_user', 'session_user', 'current_role', 'current_schema', 'current_catalog', 'user']);

function looksHarmless(sql: string): boolean {
  if (suspicious.test(sql) || !/^\s*(\(\s*)*(select|with|values)\b/i.test(sql)) return false;
  const words = sql.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  return !words.some((word) => isSensitiveColumn(word) || isSensitiveTable(word) || sessionNames.has(word.toLowerCase()));
}

class Refusal extends Error {}

function refuse(message: string): never {
  throw new Refusal(message);
}

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isNode(value) && 'value' in value) return text(value.value);
  if (isNode(value) && 'expr' in value) return text(value.expr);
  return '';
}

function isSensitiveColumn(name: string): boolean {
  const low = name.toLowerCase();
  return sensitiveColumns.has(low) || sensitivePattern.test(low);
}

function isSensitiveTable(name: string): boolean {
  const low = name.toLowerCase();
  return sensitiveTables.has(low) || policy.sensitive_table_prefixes.some((prefix) => low.startsWith(prefix));
}

function functionName(node: Node): { schema: string; name: string } {
  const name = node.name;
  if (typeof name === 'string') return { schema: '', name: name.toLowerCase() };
  if (isNode(name) && Array.isArray(name.name)) {
    const parts = (name.name as unknown[]).map(text);
    return { schema: text(name.schema).toLowerCase(), name: (parts[parts.length - 1] ?? '').toLowerCase() };
  }
  return { schema: '', name: text(name).toLowerCase() };
}

// Walks every object of the AST (subqueries, CTEs, joins, expressions) and applies the rules that
// do not need a catalog: statement kinds, INTO, locking, functions, casts, sensitive names.
function walk(node: unknown, found: { functions: Set<string> }): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, found);
    return;
  }
  if (!isNode(node)) return;
  const type = node.type;
  if (typeof type === 'string' && ['insert', 'update', 'delete', 'replace', 'create', 'drop', 'alter'].includes(type)) {
    refuse(`Only SELECT is allowed, not ${type.toUpperCase()}; a CTE may only contain a SELECT.`);
  }
  if (type === 'select' && isNode(node.into) && node.into.position) {
    refuse('SELECT … INTO creates a table; drop the INTO clause.');
  }
  if (node.locking_read) refuse('FOR UPDATE/SHARE locks rows; drop the locking clause.');
  if (type === 'function' || type === 'aggr_func') {
    const { schema, name } = functionName(node);
    const expression = !schema && syntaxFunctions.has(name);
    if (!expression && ((schema && schema !== 'pg_catalog') || !allowedFunctions.has(name))) {
      refuse(`Function ${schema ? `${schema}.` : ''}${name}() is not allowed in sql_select; use aggregates, date/time, string, math and conditional functions.`);
    }
    if (!expression) found.functions.add(name);
  }
  if (type === 'cast' && Array.isArray(node.target)) {
    for (const target of node.target as Node[]) {
      const dataType = String(target.dataType ?? '').toLowerCase().split(/[\s(]/)[0] ?? '';
      if (dataType && !allowedTypes.has(dataType)) refuse(`Casting to ${dataType} is not allowed; use plain types.`);
    }
  }
  if (type === 'column_ref') {
    const column = text(node.column);
    if (sessionNames.has(column.toLowerCase())) refuse(`${column} is not available in sql_select.`);
    if (column && column !== '*' && isSensitiveColumn(column)) {
      refuse(`Column ${column} holds a secret and cannot be read by SQL.`);
    }
  }
  if (Array.isArray(node.using)) {
    for (const column of node.using as unknown[]) {
      if (isSensitiveColumn(text(column))) refuse(`Column ${text(column)} holds a secret and cannot be read by SQL.`);
    }
  }
  for (const value of Object.values(node)) walk(value, found);
}

function checkTables(sql: string): string[] {
  const tables = new Set<string>();
  for (const entry of parser.tableList(sql, DIALECT)) {
    const [operation = '', schema = 'null', table = ''] = entry.split('::');
    if (operation !== 'select') refuse(`Only SELECT is allowed (found ${operation.toUpperCase()}).`);
    const low = table.toLowerCase();
    if (catalogSchemas.has(schema.toLowerCase()) || low.startsWith('pg_')) {
      refuse(`System catalogs (${table}) cannot be read; query the Odoo tables instead.`);
    }
    if (schema !== 'null' && schema !== 'public') refuse('Only tables of the public schema can be read.');
    if (isSensitiveTable(low)) refuse(`Table ${table} holds secrets and cannot be read by SQL.`);
    tables.add(table);
  }
  return [...tables].sort();
}

export function checkSqlAdvisory(sql: string): AdvisoryResult {
  if (typeof sql !== 'string' || !sql.trim()) return { ok: false, message: 'Send one SELECT statement.' };
  if (sql.length > MAX_LENGTH) return { ok: false, message: `The query is longer than ${MAX_LENGTH} characters.` };
  // node-sql-parser reads `t NATURAL JOIN u` as `t AS natural JOIN u`, so look at the text itself.
  if (/\bnatural\s+((left|right|full|inner)\s+)?(outer\s+)?join\b/i.test(sql)) {
    return { ok: false, message: 'NATURAL JOIN is not allowed; join with ON or USING.' };
  }
  try {
    let ast: unknown;
    try {
      ast = parser.astify(sql, DIALECT);
    } catch {
      if (!looksHarmless(sql)) {
        return { ok: false, message: 'The SQL could not be parsed as one PostgreSQL SELECT; check the syntax.' };
      }
      return { ok: true, tables: [], functions: [] }; // left to Odoo's guard, which uses PostgreSQL's parser
    }
    const statements = Array.isArray(ast) ? ast : [ast];
    if (statements.length !== 1) return { ok: false, message: 'Send exactly one statement: a single SELECT, no ";" chains.' };
    const statement = statements[0] as Node;
    if (statement.type !== 'select') {
      return { ok: false, message: `Only SELECT is allowed, not ${String(statement.type).toUpperCase()}.` };
    }
    const found = { functions: new Set<string>() };
    walk(statement, found);
    const tables = checkTables(sql);
    return { ok: true, tables, functions: [...found.functions].sort() };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message };
    return { ok: false, message: 'The SQL could not be checked; write one plain SELECT.' };
  }
}
