# The restricted PostgreSQL role sql_select switches to (layer 4 of sql_select, DESIGN section 8).
#
# Odoo's database user cannot create roles (it is rarely a superuser), so the admin runs two lines
# once; the addon then keeps the role's grants equal to the policy: SELECT on the non-sensitive
# columns of the tables that belong to Odoo models, nothing else. After `SET LOCAL ROLE`, a query
# that slipped past the guard still cannot write, read a secret column or touch a table we did not
# list. No odoo import: callers pass a DB-API cursor.
from . import sql_policy as policy

DEFAULT_ROLE = 'parley_sql'
# Serialises grant syncs: every Odoo worker may run one at start-up, and concurrent GRANTs on the
# same table fail with "tuple concurrently updated".
_SYNC_LOCK = 0x7061726C  # 'parl'


def quote_ident(name):
    if not name or '\x00' in name:
        raise ValueError('empty or invalid identifier')
    return '"' + name.replace('"', '""') + '"'


def setup_sql(db_user, role=DEFAULT_ROLE):
    """The two statements the admin runs as a PostgreSQL superuser (shown on the settings page)."""
    return [
        f'CREATE ROLE {quote_ident(role)} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;',
        f'GRANT {quote_ident(role)} TO {quote_ident(db_user)};',
    ]


def role_status(cr, role=DEFAULT_ROLE):
    """{'exists': bool, 'usable': bool}: usable when the current user may SET ROLE to it."""
    cr.execute(
        "SELECT r.rolsuper OR r.rolcanlogin OR r.rolbypassrls, pg_has_role(current_user, r.oid, 'MEMBER')"
        " FROM pg_roles r WHERE r.rolname = %s", (role,))
    row = cr.fetchone()
    if row is None:
        return {'exists': False, 'usable': False}
    too_powerful, member = row
    # A role that can log in, is superuser or bypasses RLS is not the restricted role we asked for.
    return {'exists': True, 'usable': bool(member) and not too_powerful}


def allowed_grants(table_columns, table_to_model):
    """{table: sorted columns} the role may SELECT: mapped, non-sensitive tables and columns."""
    grants = {}
    for table, columns in table_columns.items():
        if table not in table_to_model or policy.is_sensitive_table(table) or table.startswith('pg_'):
            continue
        allowed = sorted(c for c in columns if not policy.is_sensitive_column(c))
        if allowed:
            grants[table] = allowed
    return grants


def grant_statements(role, grants, schema='public'):
    """REVOKE everything, then GRANT SELECT (columns) per table: the role ends up with exactly `grants`."""
    r, s = quote_ident(role), quote_ident(schema)
    statements = [
        f'REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}',
        f'REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}',
        f'GRANT USAGE ON SCHEMA {s} TO {r}',
    ]
    for table in sorted(grants):
        columns = ', '.join(quote_ident(c) for c in grants[table])
        statements.append(f'GRANT SELECT ({columns}) ON {s}.{quote_ident(table)} TO {r}')
    return statements


def read_table_columns(cr, tables, schema='public'):
    """{table: set(columns)} for the given tables (and views) as the database has them."""
    cr.execute(
        'SELECT table_name, column_name FROM information_schema.columns'
        ' WHERE table_schema = %s AND table_name = ANY(%s)', (schema, list(tables)))
    found = {}
    for table, column in cr.fetchall():
        found.setdefault(table, set()).add(column)
    return found


def sync_grants(cr, table_to_model, role=DEFAULT_ROLE):
    """Apply the grants for the current schema; Odoo calls this after module install/upgrade.

    Returns the number of tables granted, or None when the role is missing or unusable.
    """
    if not role_status(cr, role)['usable']:
        return None
    cr.execute('SELECT pg_advisory_xact_lock(%s)', (_SYNC_LOCK,))
    grants = allowed_grants(read_table_columns(cr, table_to_model), table_to_model)
    for statement in grant_statements(role, grants):
        cr.execute(statement)
    return len(grants)
