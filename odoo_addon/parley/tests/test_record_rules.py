"""Who may see and change Parley's records, through the ORM."""
import base64
import json
import os

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, tagged

from .common import ParleyCase


@tagged('post_install', '-at_install')
class TestRecordRules(ParleyCase, TransactionCase):

    def setUp(self):
        super().setUp()
        self.bob_session = self.parley_session(self.bob, 'bob private')
        self.bob_turn, _token = self.parley_turn(self.bob, session=self.bob_session)
        self.bob_message = self.env['parley.message'].sudo().create(self.env['parley.message']._parley_values(
            self.bob_session, self.bob_turn, {'role': 'user', 'content': [{'type': 'text', 'text': 'salary of X?'}]}))

    def test_user_cannot_read_other_users_sessions(self):
        sessions = self.env['parley.session'].with_user(self.alice)
        self.assertFalse(sessions.search([('id', '=', self.bob_session.id)]))
        with self.assertRaises(AccessError):
            sessions.browse(self.bob_session.id).read(['name'])

    def test_user_cannot_read_other_users_messages_or_turns(self):
        for model, record in (('parley.message', self.bob_message), ('parley.turn', self.bob_turn)):
            with self.subTest(model=model):
                records = self.env[model].with_user(self.alice)
                self.assertFalse(records.search([('id', '=', record.id)]))
                with self.assertRaises(AccessError):
                    records.browse(record.id).read(['id', 'create_date'])

    def test_user_cannot_create_a_session_for_someone_else(self):
        with self.assertRaises(AccessError):
            self.env['parley.session'].with_user(self.alice).create({'user_id': self.bob.id, 'name': 'planted'})

    def test_user_cannot_hand_a_session_over(self):
        mine = self.env['parley.session'].with_user(self.alice).create({'name': 'mine'})
        with self.assertRaises(AccessError):
            mine.write({'user_id': self.bob.id})

    def test_user_cannot_write_turn_state_or_messages(self):
        turn, _token = self.parley_turn(self.alice)
        with self.assertRaises(AccessError):
            turn.with_user(self.alice).write({'state': 'running', 'usage_input_tokens': 0})
        with self.assertRaises(AccessError):
            self.env['parley.message'].with_user(self.alice).create(
                {'session_id': turn.session_id.id, 'role': 'assistant', 'content': '[]'})

    def test_turn_token_never_stored(self):
        """Whoever reads the database (an SQL analyst, a backup) finds no usable token in it."""
        turn, token = self.parley_turn(self.alice)
        self.env.flush_all()
        signature = token.rsplit('.', 1)[1]
        for table in ('parley_turn', 'parley_session', 'parley_message', 'ir_config_parameter'):
            self.env.cr.execute(f'SELECT count(*) FROM {table} t WHERE row_to_json(t)::text LIKE %s',
                                [f'%{signature}%'])
            self.assertEqual(self.env.cr.fetchone()[0], 0, table)

    def test_running_turn_presents_the_token_it_started_with(self):
        turn, token = self.parley_turn(self.alice)
        self.assertEqual(turn._parley_token(), token)
        turn._parley_finish('cancelled')
        self.assertIsNone(turn._parley_token())

    def test_manager_reads_all_but_writes_none(self):
        sessions = self.env['parley.session'].with_user(self.manager)
        self.assertIn(self.bob_session, sessions.search([]))
        self.assertEqual(self.bob_message.with_user(self.manager).text, 'salary of X?')
        with self.assertRaises(AccessError):
            self.bob_session.with_user(self.manager).write({'name': 'renamed by manager'})

    def test_signing_key_is_on_disk_only(self):
        """The key is a 0600 file under the data dir; no table holds it in any encoding."""
        keyring = self.env['parley.keyring']
        key, path = keyring._parley_key(), keyring._parley_key_path()
        self.assertEqual(os.stat(path).st_mode & 0o077, 0)
        self.assertTrue(path.endswith(f'/parley/{self.env.cr.dbname}.key'))
        for encoded in (key.hex(), base64.b64encode(key).decode(), base64.urlsafe_b64encode(key).decode().rstrip('=')):
            self.env.cr.execute('SELECT count(*) FROM ir_config_parameter WHERE value LIKE %s', [f'%{encoded}%'])
            self.assertEqual(self.env.cr.fetchone()[0], 0)


@tagged('post_install', '-at_install')
class TestAuditLog(ParleyCase, HttpCase):
    """HttpCase: the audit writes on its own cursor, which only test mode shares with the test."""

    def test_audit_log_readable_by_managers_only_and_append_only(self):
        self.env['parley.tool_call']._parley_record({'tool': 'list_models', 'outcome': 'ok', 'user_id': self.bob.id})
        row = self.env['parley.tool_call'].sudo().search([('user_id', '=', self.bob.id)], limit=1)
        with self.assertRaises(AccessError):
            row.with_user(self.alice).read(['tool'])
        self.assertEqual(row.with_user(self.manager).tool, 'list_models')
        with self.assertRaises(AccessError):
            row.with_user(self.manager).write({'outcome': 'ok'})
        with self.assertRaises(UserError):
            row.sudo().write({'outcome': 'refused'})
        with self.assertRaises(AccessError):
            self.env['parley.tool_call'].with_user(self.manager).create({'tool': 'x', 'outcome': 'ok'})

    def test_audit_args_truncated_to_8kb(self):
        self.env['parley.tool_call']._parley_record(
            {'tool': 'search_records', 'outcome': 'ok', 'user_id': self.bob.id,
             'args_json': json.dumps({'x': 'é' * 9000})})
        row = self.env['parley.tool_call'].sudo().search([('user_id', '=', self.bob.id)], limit=1)
        self.assertLessEqual(len(row.args_json.encode('utf-8')), 8 * 1024 + 3)
