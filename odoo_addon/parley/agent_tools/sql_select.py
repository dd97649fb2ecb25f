"""sql_select: one read-only SELECT over the tables of models the user can read (DESIGN §8).

Layers 2–4 run here: the pglast guard (lib/sql_guard), a read-only transaction on a connection of
its own (lib/sql_exec) and, when the admin created it, the restricted role (lib/sql_role). The
endpoint does the rest: the SQL analyst group through policy, rate limits, masking and the audit.
"""

import psycopg2

from odoo import sql_db

from ..lib import sql_exec, sql_guard, sql_role
from ._common import MAX_ROWS, Tool, ToolError
from ._masking import _rules_with_model, rules_for
from ._serialize import MAX_TEXT

ROLE_PARAM = "parley.sql_role"
STATEMENT_TIMEOUT_MS = 5000
MAX_PARAMS = 50
NOTE = "record rules are not applied to SQL"


def table_models(env):
    """{table: [models]} for every model that stores records in a table (ir.model `_table`)."""
    tables = {}
    for name in env.registry:
        model = env[name]
        if model._abstract or model._transient or not model._table:
            continue  # wizards' tables hold typed passwords and uploads: never readable by SQL
        tables.setdefault(model._table, []).append(name)
    return tables


def _forbidden_columns(env):
    """model -> columns the user may not see: fields of other groups, and masked fields."""
    rules = rules_for(env)
    cache = {}

    def forbidden(model_name):
        if model_name not in cache:
            model = env[model_name]
            hidden = {name for name, field in model._fields.items() if field.store and not field.is_accessible(env)}
            if rules is not None:  # a masked column would leave unmasked under any alias
                hidden |= set(_rules_with_model(env, rules, model_name).get(model_name) or ())
            cache[model_name] = hidden
        return cache[model_name]
    return forbidden


def role_name(env):
    return env["ir.config_parameter"].sudo().get_param(ROLE_PARAM) or sql_role.DEFAULT_ROLE


def role_in_use(env):
    """The role to SET LOCAL to, or None while the admin has not created it."""
    role = role_name(env)
    return role if sql_role.role_status(env.cr, role)["usable"] else None


def role_setup_lines(env):
    """The two statements the settings page shows the admin (run once as a PostgreSQL superuser)."""
    env.cr.execute("SELECT current_user")
    return sql_role.setup_sql(env.cr.fetchone()[0], role_name(env))


def sync_role_grants(env):
    """Give the role SELECT on the allowed columns of model tables; call after install/upgrade."""
    return sql_role.sync_grants(env.cr, table_models(env), role_name(env))


def _connect_factory(dbname):
    _, params = sql_db.connection_info_for(dbname)
    return lambda: psycopg2.connect(**params)


class SqlSelect(Tool):
    name = "sql_select"
    risk = "read"
    description = ("One read-only PostgreSQL SELECT over Odoo's tables (CTEs, joins, window functions, "
                   "date_trunc, FILTER, ROLLUP); values as $1, $2 with 'params'. At most 200 rows. "
                   "Record rules are not applied; secret columns and system catalogs are refused.")
    allowed_args = frozenset({"sql", "params"})
    required_args = frozenset({"sql"})

    def _run(self, env, args):
        sql, params = args["sql"], args.get("params") or []
        if not isinstance(sql, str):
            raise ToolError("validation_error", "'sql' must be a string holding one SELECT.")
        if not isinstance(params, list) or len(params) > MAX_PARAMS:
            raise ToolError("validation_error", f"'params' must be a list of at most {MAX_PARAMS} values.")
        tables = table_models(env)
        try:
            checked = sql_guard.check(
                sql, tables, lambda model: env[model].browse().has_access("read"),
                sql_role.read_table_columns(env.cr, tables), _forbidden_columns(env))
            result = sql_exec.run_select(
                _connect_factory(env.cr.dbname), sql, params, role=role_in_use(env),
                row_cap=MAX_ROWS, cell_cap=MAX_TEXT, statement_timeout_ms=STATEMENT_TIMEOUT_MS)
        except sql_guard.SqlRejected as refused:
            raise ToolError("validation_error", refused.message) from None
        except sql_exec.SqlExecError as failed:
            code = "internal_error" if failed.code == "unavailable" else "validation_error"
            raise ToolError(code, failed.message) from None
        return {"columns": result.columns, "rows": result.rows, "row_count": result.row_count,
                "truncated": result.truncated, "tables": checked.tables, "note": NOTE}


TOOL = SqlSelect()
