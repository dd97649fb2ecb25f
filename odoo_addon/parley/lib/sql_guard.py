# The authoritative check of a model-written SELECT (layer 2 of sql_select, DESIGN section 8).
#
# PostgreSQL's own parser (pglast, the same major version as the server) turns the text into a tree,
# so comments, dollar quotes, E'' / U&'' strings and quoted identifiers are read exactly as the
# server will read them. The tree is then walked in full with a DEFAULT-DENY rule: every node type,
# function, type cast and operator must be on an allowlist (lib/sql_policy.py), and anything the
# walker does not know is refused. No odoo import: the caller passes the table -> model mapping and
# an access callback, so this module is tested in plain Python against a real PostgreSQL.
from collections import namedtuple

import pglast
from pglast import ast, enums

from . import sql_policy as policy

MAX_SQL_LENGTH = 20000

GuardResult = namedtuple('GuardResult', 'tables columns functions')


class SqlRejected(Exception):
    """The query is refused; `message` is meant for the model, so it says what to do instead."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


# Nodes whose children are walked generically: they only combine other checked nodes.
_PLAIN_NODES = (
    ast.A_Const, ast.String, ast.Integer, ast.Float, ast.Boolean, ast.BitString, ast.ParamRef,
    ast.BoolExpr, ast.NullTest, ast.BooleanTest, ast.CaseExpr, ast.CaseWhen, ast.CoalesceExpr,
    ast.MinMaxExpr, ast.A_ArrayExpr, ast.A_Indices, ast.RowExpr, ast.GroupingSet, ast.GroupingFunc,
    ast.CollateClause, ast.NamedArgExpr, ast.WindowDef, ast.ResTarget, ast.RangeSubselect,
)

_CLOCK_FUNCTIONS = {
    enums.SQLValueFunctionOp.SVFOP_CURRENT_DATE, enums.SQLValueFunctionOp.SVFOP_CURRENT_TIME,
    enums.SQLValueFunctionOp.SVFOP_CURRENT_TIME_N, enums.SQLValueFunctionOp.SVFOP_CURRENT_TIMESTAMP,
    enums.SQLValueFunctionOp.SVFOP_CURRENT_TIMESTAMP_N, enums.SQLValueFunctionOp.SVFOP_LOCALTIME,
    enums.SQLValueFunctionOp.SVFOP_LOCALTIME_N, enums.SQLValueFunctionOp.SVFOP_LOCALTIMESTAMP,
    enums.SQLValueFunctionOp.SVFOP_LOCALTIMESTAMP_N,
}


def check(sql, table_to_model, can_read, table_columns=None, forbidden_columns=None):
    """Check one SELECT; return a GuardResult or raise SqlRejected.

    table_to_model: {table: model or [models]} for the tables Odoo knows (ir.model `_table`s).
    can_read(model) -> bool: the acting user's read access to that model.
    table_columns: {table: set(columns)}, optional; without it `*` over a real table is refused.
    forbidden_columns(model) -> set of columns the user may not read (field groups), optional.
    """
    if not isinstance(sql, str) or not sql.strip():
        raise SqlRejected('empty', 'Send one SELECT statement.')
    if len(sql) > MAX_SQL_LENGTH:
        raise SqlRejected('too_long', f'The query is longer than {MAX_SQL_LENGTH} characters.')
    if '\x00' in sql:
        raise SqlRejected('syntax', 'The query contains a NUL character.')
    try:
        statements = pglast.parse_sql(sql)
    except pglast.parser.ParseError as exc:
        raise SqlRejected('syntax', f'PostgreSQL cannot parse the query: {exc}') from None
    except Exception:  # the parser itself failed (odd bytes, depth): fail closed
        raise SqlRejected('syntax', 'PostgreSQL cannot parse the query.') from None
    if len(statements) != 1:
        raise SqlRejected('one_statement', 'Send exactly one statement: a single SELECT, no ";" chains.')
    stmt = statements[0].stmt
    if not isinstance(stmt, ast.SelectStmt):
        raise SqlRejected('not_select', f'Only SELECT is allowed, not {_kind(stmt)}.')
    walker = _Walker(table_to_model, can_read, table_columns or {}, forbidden_columns)
    try:
        walker.collect_aliases(stmt)
        walker.visit(stmt)
    except RecursionError:
        raise SqlRejected('too_deep', 'The query is nested too deeply.') from None
    return GuardResult(sorted(walker.tables), sorted(walker.columns), sorted(walker.functions))


def _kind(node):
    return type(node).__name__.replace('Stmt', '').upper() or 'this statement'


def _names(strings):
    return [s.sval for s in strings or () if isinstance(s, ast.String)]


def _iter_nodes(value):
    if isinstance(value, ast.Node):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _iter_nodes(item)


def _children(node):
    for slot in node.__slots__:
        yield from _iter_nodes(getattr(node, slot, None))


class _Walker:
    def __init__(self, table_to_model, can_read, table_columns, forbidden_columns):
        self.table_to_model = table_to_model
        self.can_read = can_read
        self.table_columns = table_columns
        self.forbidden_columns = forbidden_columns
        self.aliases = {}       # alias or table name -> set of real tables it may name
        self.ctes = frozenset()  # CTE names visible at the current point
        self.from_tables = [set()]  # real tables of each enclosing SELECT's FROM
        self.tables, self.columns, self.functions = set(), set(), set()

    # -- whole-query pre-pass: which names may stand for which real tables ---------------------
    def collect_aliases(self, root):
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.RangeVar) and node.relname in self.table_to_model:
                key = node.alias.aliasname if node.alias else node.relname
                self.aliases.setdefault(key, set()).add(node.relname)
                self.aliases.setdefault(node.relname, set()).add(node.relname)
            stack.extend(_children(node))

    # -- dispatch ------------------------------------------------------------------------------
    def visit(self, node):
        method = getattr(self, 'visit_' + type(node).__name__, None)
        if method:
            method(node)
        elif isinstance(node, _PLAIN_NODES):
            self.visit_children(node)
        else:
            raise SqlRejected('construct', f'{type(node).__name__} is not allowed in sql_select; '
                                           'write a plain SELECT with joins, CTEs and allowed functions.')

    def visit_children(self, node, skip=()):
        for slot in node.__slots__:
            if slot not in skip:
                for child in _iter_nodes(getattr(node, slot, None)):
                    self.visit(child)

    # -- statements ----------------------------------------------------------------------------
    def visit_SelectStmt(self, node):
        if node.intoClause is not None:
            raise SqlRejected('into', 'SELECT … INTO creates a table; drop the INTO clause.')
        if node.lockingClause:
            raise SqlRejected('locking', 'FOR UPDATE/SHARE locks rows; drop the locking clause.')
        outer_ctes = self.ctes
        if node.withClause is not None:
            self.visit_with(node.withClause)
        self.from_tables.append(self.real_tables_of(node.fromClause))
        try:
            for item in node.fromClause or ():  # relations first: their refusals say the most
                self.visit(item)
            self.visit_children(node, skip=('withClause', 'intoClause', 'lockingClause', 'fromClause'))
        finally:
            self.from_tables.pop()
            self.ctes = outer_ctes

    def visit_with(self, with_clause):
        names = [cte.ctename for cte in with_clause.ctes]
        for name in names:
            low = name.lower()
            if name in self.table_to_model or low.startswith('pg_') or policy.is_sensitive_table(low):
                raise SqlRejected('cte_name', f'The CTE name "{name}" shadows a table; rename it.')
        outer = self.ctes
        for index, cte in enumerate(with_clause.ctes):
            if not isinstance(cte.ctequery, ast.SelectStmt):
                raise SqlRejected('writable_cte', 'A CTE may only contain a SELECT.')
            if cte.search_clause is not None or cte.cycle_clause is not None:
                raise SqlRejected('construct', 'SEARCH/CYCLE clauses are not allowed in sql_select.')
            # A non-recursive CTE sees only the CTEs before it; its own name inside its body names
            # a real table, which is exactly the trick `WITH pg_shadow AS (SELECT * FROM pg_shadow)`.
            visible = names if with_clause.recursive else names[:index]
            self.ctes = outer | frozenset(visible)
            self.visit(cte.ctequery)
        self.ctes = outer | frozenset(names)

    # -- relations -----------------------------------------------------------------------------
    def real_tables_of(self, from_clause):
        found = set()
        for item in from_clause or ():
            stack = [item]
            while stack:
                node = stack.pop()
                if isinstance(node, ast.JoinExpr):
                    stack.extend((node.larg, node.rarg))
                elif isinstance(node, ast.RangeVar) and not self.is_cte(node):
                    found.add(node.relname)
        return found

    def is_cte(self, node):
        return node.schemaname is None and node.catalogname is None and node.relname in self.ctes

    def visit_RangeVar(self, node):
        if self.is_cte(node):
            return
        name = node.relname
        if node.catalogname or (node.schemaname and node.schemaname != 'public'):
            schema = (node.schemaname or '').lower()
            if schema in policy.CATALOG_SCHEMAS or schema.startswith('pg_'):
                raise SqlRejected('catalog', f'System catalogs ({node.schemaname}.{name}) cannot be read.')
            raise SqlRejected('schema', 'Only tables of the public schema can be read; drop the schema prefix.')
        if name.lower().startswith('pg_') and name not in policy.ALLOWED_CATALOG_RELATIONS:
            raise SqlRejected('catalog', f'System catalogs ({name}) cannot be read.')
        if policy.is_sensitive_table(name):
            raise SqlRejected('sensitive_table', f'Table {name} holds secrets and cannot be read by SQL.')
        models = self.models_of(name)
        if not models:
            raise SqlRejected('unknown_table', f'Table {name} is not the table of an Odoo model; '
                                               'use describe_model to find table names.')
        for model in models:  # a table shared by several models is readable only if all of them are
            if not self.can_read(model):
                raise SqlRejected('access', f'You may not read {model} (table {name}).')
        if node.alias is not None and node.alias.colnames:
            raise SqlRejected('alias_columns', f'Renaming the columns of {name} in its alias is not allowed; '
                                               'alias each selected column instead.')
        self.tables.add(name)

    def visit_JoinExpr(self, node):
        if node.alias is not None or node.join_using_alias is not None:
            # `(a JOIN b ON …) AS x` makes x.* and x cover b's columns: not worth the risk.
            raise SqlRejected('join_alias', 'Aliasing a whole join is not allowed; alias its tables instead.')
        if node.isNatural:
            # NATURAL compares every same-named column, secrets included, without naming any: a
            # subquery aliasing guesses `AS pin` would test them against hr_employee.pin.
            raise SqlRejected('natural_join', 'NATURAL JOIN is not allowed; join with ON or USING.')
        for column in _names(node.usingClause):
            self.check_column_name(column, set(self.from_tables[-1]))
        self.visit_children(node, skip=('usingClause', 'alias', 'join_using_alias'))

    def visit_RangeFunction(self, node):
        for function, coldefs in node.functions:
            if coldefs:
                raise SqlRejected('construct', 'Column definition lists on functions are not allowed.')
            self.visit(function)

    def visit_Alias(self, node):
        pass  # names only; RangeVar checks its own column renames

    # -- columns -------------------------------------------------------------------------------
    def visit_ColumnRef(self, node):
        fields = node.fields
        names = _names(fields)
        if isinstance(fields[-1], ast.A_Star):
            tables = self.aliases.get(names[-1], set()) if names else self.from_tables[-1]
            self.check_whole_rows(tables, '*')
            return
        column = names[-1]
        if len(names) == 1 and column in self.aliases:
            # `SELECT u FROM res_users u` hands out the whole row, every column included.
            tables = {t for t in self.aliases[column] if column not in self.table_columns.get(t, ())}
            self.check_whole_rows(tables, column)
        scope = self.aliases.get(names[-2], set()) if len(names) > 1 else self.tables.union(*self.from_tables)
        self.check_column_name(column, scope)

    def check_whole_rows(self, tables, label):
        for table in tables:
            columns = self.table_columns.get(table)
            if columns is None or any(self.column_refused(c, table) for c in columns):
                raise SqlRejected('star', f'{label} over {table} would include protected columns; '
                                          'list the columns you need.')

    def models_of(self, table):
        models = self.table_to_model.get(table)
        return [models] if isinstance(models, str) else list(models or ())

    def column_refused(self, column, table):
        if policy.is_sensitive_column(column):
            return True
        if self.forbidden_columns is None:
            return False
        return any(column in self.forbidden_columns(model) for model in self.models_of(table))

    def check_column_name(self, column, tables):
        if policy.is_sensitive_column(column):
            raise SqlRejected('sensitive_column', f'Column {column} holds a secret and cannot be read by SQL.')
        # Resolution is conservative: an unqualified column is checked against every table in reach.
        for table in tables or self.tables:
            if self.column_refused(column, table):
                raise SqlRejected('column_access', f'You may not read column {column} of {table}.')
        self.columns.add(column)

    def visit_A_Indirection(self, node):
        for item in node.indirection:
            if isinstance(item, ast.String):
                self.check_column_name(item.sval, set())
            elif not isinstance(item, ast.A_Star):
                self.visit(item)
        self.visit(node.arg)

    # -- functions, casts, operators -----------------------------------------------------------
    def visit_FuncCall(self, node):
        name = self.qualified('function', _names(node.funcname))
        if name not in policy.ALLOWED_FUNCTIONS:
            raise SqlRejected('function', f'Function {name}() is not allowed in sql_select; use aggregates, '
                                          'date/time, string, math and conditional functions.')
        self.functions.add(name)
        self.visit_children(node, skip=('funcname',))

    def visit_SQLValueFunction(self, node):
        if node.op not in _CLOCK_FUNCTIONS:
            raise SqlRejected('function', 'Only CURRENT_DATE/TIME/TIMESTAMP and LOCALTIME(STAMP) are allowed.')

    def visit_TypeCast(self, node):
        self.visit_TypeName(node.typeName)
        self.visit(node.arg)

    def visit_TypeName(self, node):
        name = self.qualified('type', _names(node.names))
        if name not in policy.ALLOWED_TYPES or node.setof or node.pct_type:
            raise SqlRejected('cast', f'Casting to {name} is not allowed; use plain types '
                                      '(numeric, text, date, timestamp, interval, boolean, json).')
        self.visit_children(node, skip=('names',))

    def visit_A_Expr(self, node):
        self.check_operator(node.name)
        self.visit_children(node, skip=('name',))

    def visit_SortBy(self, node):
        self.check_operator(node.useOp)  # ORDER BY x USING <op>
        self.visit_children(node, skip=('useOp',))

    def visit_SubLink(self, node):
        self.check_operator(node.operName)
        self.visit_children(node, skip=('operName',))

    def check_operator(self, name_list):
        if name_list:
            op = self.qualified('operator', _names(name_list))
            if op not in policy.ALLOWED_OPERATORS:
                raise SqlRejected('operator', f'Operator {op} is not allowed in sql_select.')

    def qualified(self, what, names):
        # pg_catalog comes first in every search_path, so `pg_catalog.f` and `f` are the same
        # function; any other schema (or a quoted "PG_CATALOG") names something we do not know.
        if len(names) == 2 and names[0] == 'pg_catalog':
            return names[1]
        if len(names) != 1:
            raise SqlRejected(what, f'Schema-qualified {what} {".".join(names)} is not allowed.')
        return names[0]
