"""The whole SQL attack corpus (test/fixtures/sql/attacks.json) through the real tool endpoint of a
real Odoo, as an analyst: every attack is refused or returns nothing secret, and afterwards no row
of the checked tables changed, no secret value appeared in any answer, and the database still
answers. sql_select runs on a connection of its own, so the checks read committed data through
another fresh connection, not through the test's transaction."""
import json
import pathlib

import psycopg2

from odoo import sql_db
from odoo.tests import HttpCase, tagged
from odoo.tests.common import new_test_user

from .common import ParleyCase

CORPUS = pathlib.Path(__file__).resolve().parents[3] / 'test' / 'fixtures' / 'sql' / 'attacks.json'
# Tables whose content must not change, and the committed secrets that must never leave.
WATCHED = ('res_users', 'res_partner', 'ir_config_parameter', 'res_users_apikeys', 'res_company')
SECRETS_SQL = """
    SELECT value FROM ir_config_parameter WHERE key IN ('database.secret', 'database.uuid')
    UNION ALL SELECT password FROM res_users WHERE password IS NOT NULL AND password != ''
    UNION ALL SELECT key FROM res_users_apikeys
"""


@tagged('post_install', '-at_install')
class TestSqlCorpusRoute(ParleyCase, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analyst = new_test_user(cls.env, 'parley_sql_corpus_analyst',
                                    groups='base.group_user,parley.group_sql', name='Corpus Analyst')
        # The corpus must meet the guard and the transaction, not the rate limits or the breaker.
        params = cls.env['ir.config_parameter'].sudo()
        params.set_param('parley.circuit_breaker_n', '1000000')
        cls.env['parley.policy'].sudo().search([]).write({'active': False})
        policy = {'version': '1', 'default': 'deny', 'tools': {'sql_select': {'action': 'allow',
                                                                               'groups': ['parley.group_sql']}}}
        cls.env['parley.policy'].sudo().create({'name': 'corpus', 'document': json.dumps(policy)})

    def _connect(self):
        return psycopg2.connect(**sql_db.connection_info_for(self.env.cr.dbname)[1])

    def _committed_state(self):
        with self._connect() as conn, conn.cursor() as cr:
            digests = {}
            for table in WATCHED:
                cr.execute(f'SELECT md5(coalesce(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) FROM {table} t')  # noqa: S608
                digests[table] = cr.fetchone()[0]
            cr.execute(SECRETS_SQL)
            secrets = {row[0] for row in cr.fetchall() if row[0] and len(row[0]) >= 16}
        conn.close()
        return digests, secrets

    def test_attack_corpus_through_the_tool_endpoint_escapes_nothing(self):
        if not CORPUS.exists():
            self.skipTest(f'SKIPPED: no SQL corpus at {CORPUS} (the addon is installed without its repository)')
        attacks = json.loads(CORPUS.read_text())
        before, secrets = self._committed_state()
        self.assertTrue(secrets, 'the database holds secrets to look for')
        turn, token = self.parley_turn(self.analyst)
        escaped, answered = [], []
        for attack in attacks:
            status, body = self.tool_call(turn, token, 'sql_select', {'sql': attack['sql']})
            self.assertEqual(status, 200, (attack['id'], body))
            answer = json.dumps(body)
            if any(secret in answer for secret in secrets):
                escaped.append(attack['id'])
            if body.get('ok'):
                answered.append(attack['id'])  # harmless where it ran: no secret, no change (below)
            else:
                self.assertNotIn('Traceback', answer, attack['id'])
        after, _secrets = self._committed_state()
        changed = [table for table in WATCHED if before[table] != after[table]]
        self.assertEqual(turn.state, 'running')
        # The figures the issue asks for, in the Odoo tier's log.
        print(f'odoo tier: attacks {len(attacks)} through /parley/tool/sql_select, '  # noqa: T201
              f'refused {len(attacks) - len(answered)}, answered harmlessly {answered}, '
              f'escaped {len(escaped)}, tables changed {len(changed)}')
        self.assertEqual(escaped, [])
        self.assertEqual(changed, [])
