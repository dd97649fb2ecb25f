"""The reaper: turns whose bridge went silent end as failed, clearly, and nothing is lost."""
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .common import ParleyCase


@tagged('post_install', '-at_install')
class TestReaper(ParleyCase, TransactionCase):

    def ago(self, seconds):
        return fields.Datetime.now() - timedelta(seconds=seconds)

    def user_message(self, turn, text='hello?'):
        return self.env['parley.message'].sudo().create(self.env['parley.message']._parley_values(
            turn.session_id, turn, {'role': 'user', 'content': [{'type': 'text', 'text': text}]}))

    def test_silent_turn_failed_and_message_kept(self):
        turn, _token = self.parley_turn(self.alice)
        message = self.user_message(turn)
        turn.write({'last_event_at': self.ago(600)})
        self.env['parley.turn']._parley_reap()
        self.assertEqual((turn.state, turn.error_code), ('failed', 'bridge_silent'))
        self.assertIn('stopped responding', turn.error_message)
        self.assertTrue(turn.ended_at)
        self.assertIsNone(turn._parley_token())
        self.assertTrue(message.exists())

    def test_turn_past_its_time_limit_failed(self):
        turn, _token = self.parley_turn(self.alice)
        turn.write({'started_at': self.ago(turn.time_limit_s + 5), 'last_event_at': fields.Datetime.now()})
        self.env['parley.turn']._parley_reap()
        self.assertEqual((turn.state, turn.error_code), ('failed', 'turn_timeout'))

    def test_active_turn_left_running(self):
        turn, _token = self.parley_turn(self.alice)
        turn.write({'last_event_at': self.ago(5)})
        self.env['parley.turn']._parley_reap()
        self.assertEqual(turn.state, 'running')

    def test_threshold_comes_from_settings(self):
        self.env['ir.config_parameter'].sudo().set_param('parley.reaper_threshold_s', '20')
        turn, _token = self.parley_turn(self.alice)
        turn.write({'last_event_at': self.ago(30)})
        self.env['parley.turn']._parley_reap()
        self.assertEqual(turn.state, 'failed')

    def test_finished_turns_untouched(self):
        turn, _token = self.parley_turn(self.alice, state='done')
        turn.write({'last_event_at': self.ago(10_000)})
        self.env['parley.turn']._parley_reap()
        self.assertEqual((turn.state, turn.error_code), ('done', False))

    def test_reaper_cron_exists_every_minute(self):
        cron = self.env.ref('parley.ir_cron_parley_reaper')
        self.assertEqual((cron.interval_number, cron.interval_type, cron.active), (1, 'minutes', True))

    def test_reaped_turn_tells_the_panel(self):
        turn, _token = self.parley_turn(self.alice)
        turn.write({'last_event_at': self.ago(600)})
        self.env['parley.turn']._parley_reap()
        self.env.cr.precommit.run()
        notes = self.env['bus.bus'].sudo().search([('message', 'like', 'parley.turn_state')])
        self.assertTrue(any(f'"turn_id":{turn.id}' in note.message for note in notes))
