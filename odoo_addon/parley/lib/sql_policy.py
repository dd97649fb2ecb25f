# The data behind sql_select: which functions, types, operators, tables and columns a model-written
# SELECT may touch. Shared by the guard (sql_guard), the role grants (sql_role) and, through
# test/fixtures/sql/policy.json (a test keeps them equal), the bridge's advisory check.
#
# Everything here is an ALLOWLIST except the sensitive names, which are refused even when the
# acting user could read them through the ORM: SQL bypasses field-level groups and record rules,
# so a secret must never be reachable by SQL at all.
import re

# Functions a SELECT may call, by bare name (optionally qualified with pg_catalog). Default deny:
# anything not listed is refused, so a new PostgreSQL function or an extension never slips in.
# Deliberately absent: set_config/current_setting (read or change settings), version, every
# pg_* function (files, backends, locks, sizes, catalog text), query_to_xml/table_to_xml/
# cursor_to_xml and every xml* (run SQL given as text), ts_* (ts_stat/ts_rewrite run SQL text),
# lo_* (large objects can read server files), dblink*, txid*/pg_current_xact_id, nextval/currval/
# setval/lastval (sequences write), row_to_json (whole rows), to_regclass & co (catalog lookups),
# repeat/lpad/rpad (one call allocates up to 1 GB before any timeout can fire), has_*_privilege,
# inet_*, current_database, obj_description, format_type.
ALLOWED_FUNCTIONS = frozenset("""
count sum avg min max bool_and bool_or every string_agg array_agg json_agg jsonb_agg
json_object_agg jsonb_object_agg stddev stddev_pop stddev_samp variance var_pop var_samp
corr covar_pop covar_samp regr_slope regr_intercept regr_r2 regr_count
percentile_cont percentile_disc mode
row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
date_trunc date_part extract age now make_date make_time make_timestamp make_timestamptz
make_interval to_char to_date to_timestamp to_number date_bin justify_days justify_hours
justify_interval isfinite timezone overlaps statement_timestamp transaction_timestamp
length char_length character_length octet_length lower upper initcap btrim ltrim rtrim trim
substring substr position strpos replace regexp_replace regexp_match regexp_like
regexp_split_to_array split_part concat concat_ws left right reverse md5 format
to_hex ascii chr translate starts_with normalize similar_to_escape like_escape
abs ceil ceiling floor round trunc sign sqrt cbrt power pow exp ln log log10 mod div pi
width_bucket scale num_nulls num_nonnulls
array_length array_to_string array_position array_remove array_append array_prepend array_cat
cardinality string_to_array unnest generate_series
jsonb_extract_path jsonb_extract_path_text json_extract_path json_extract_path_text
jsonb_build_object json_build_object jsonb_build_array json_build_array jsonb_typeof json_typeof
jsonb_array_length json_array_length jsonb_array_elements jsonb_array_elements_text
jsonb_each jsonb_each_text jsonb_object_keys to_json to_jsonb
""".split())

# Types a value may be cast to (`x::t`, CAST(x AS t), `date '…'`). reg* types run catalog
# lookups, xml parses documents, and any user-defined type could have an input function.
ALLOWED_TYPES = frozenset("""
int int2 int4 int8 integer smallint bigint numeric decimal real float float4 float8
double precision text varchar char bpchar character name bool boolean date time timetz
timestamp timestamptz interval json jsonb uuid
""".split())

# Operators by symbol. Operators are functions; a built-in symbol cannot be redefined in
# pg_catalog, and a qualified OPERATOR(schema.op) is accepted only for pg_catalog.
ALLOWED_OPERATORS = frozenset("""
= <> != < > <= >= + - * / % ^ || ~~ !~~ ~~* !~~* ~ ~* !~ !~* @> <@ && -> ->> #> #>> ? ?| ?& |/ ||/ @
""".split()) | {"BETWEEN", "NOT BETWEEN", "BETWEEN SYMMETRIC", "NOT BETWEEN SYMMETRIC"}

# The only relations outside the Odoo tables one may read. Empty on purpose: every catalog view
# we looked at leaks something (pg_stats holds sample values of every column, pg_stat_activity
# the text of other sessions' queries, pg_settings the server's configuration).
ALLOWED_CATALOG_RELATIONS = frozenset()

CATALOG_SCHEMAS = frozenset({'pg_catalog', 'information_schema', 'pg_toast'})

# Tables refused whole, even to an admin: they exist to hold secrets.
SENSITIVE_TABLES = frozenset({
    'ir_config_parameter',       # database.secret signs reset/portal tokens
    'res_users_apikeys',         # API key hashes
    'auth_totp_device',          # remembered 2FA devices (key hashes)
    'res_users_identitycheck',   # transient, holds a typed password
    'change_password_wizard', 'change_password_user', 'change_password_own',
    'auth_totp_wizard',          # the TOTP secret while enrolling
    'res_users_apikeys_description',
    'fetchmail_server', 'ir_mail_server',   # mail passwords and private keys
    'payment_provider',          # every provider's secret keys
    'iap_account',               # IAP account tokens
    'payment_token',             # stored references that charge a customer's card
    'certificate_key', 'certificate_certificate',  # private keys and PKCS#12 files (e-invoicing)
    'google_gmail_mixin', 'microsoft_outlook_mixin',
    'bus_bus',                   # other users' live notifications
})

# Our own tables (parley_*) hold conversations, audit and grants: never readable by SQL.
SENSITIVE_TABLE_PREFIXES = ('parley_',)

# Columns refused in every table.
SENSITIVE_COLUMNS = frozenset({
    'password', 'passwd', 'new_passwd', 'new_password', 'confirm_password', 'password_crypt',
    'smtp_pass', 'smtp_ssl_private_key', 'smtp_ssl_certificate', 'totp_secret', 'totp_last_counter',
    'secret', 'signup_token', 'access_token', 'refresh_token', 'api_key', 'apikey', 'pin',
    'key', 'token', 'private_key', 'pem_key', 'oauth_access_token', 'oauth_uid',
    'access_url', 'webhook_uuid', 'uuid', 'session_identifier', 'provider_ref',
})

# Column name shapes refused in every table: *_token, *_secret, *_key, *password*, …
SENSITIVE_COLUMN_PATTERN = re.compile(
    r'(passw|passwd|secret|_token$|_rtoken$|^token_|_key$|_apikey$|_pass$|private)',
)


def is_sensitive_table(table):
    name = table.lower()
    return name in SENSITIVE_TABLES or name.startswith(SENSITIVE_TABLE_PREFIXES)


def is_sensitive_column(column):
    name = column.lower()
    return name in SENSITIVE_COLUMNS or bool(SENSITIVE_COLUMN_PATTERN.search(name))


def as_json():
    """The policy as plain data, for test/fixtures/sql/policy.json (the bridge reads that copy)."""
    return {
        'allowed_functions': sorted(ALLOWED_FUNCTIONS),
        'allowed_types': sorted(ALLOWED_TYPES),
        'allowed_catalog_relations': sorted(ALLOWED_CATALOG_RELATIONS),
        'sensitive_tables': sorted(SENSITIVE_TABLES),
        'sensitive_table_prefixes': list(SENSITIVE_TABLE_PREFIXES),
        'sensitive_columns': sorted(SENSITIVE_COLUMNS),
        'sensitive_column_pattern': SENSITIVE_COLUMN_PATTERN.pattern,
    }
