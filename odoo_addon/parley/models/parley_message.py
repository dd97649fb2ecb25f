import json

from odoo import api, fields, models

from ..lib import history


class ParleyMessage(models.Model):
    """One message of a conversation, stored in the Anthropic Messages format.

    Only the addon writes messages (as sudo, on its own records); users read their own.
    """
    _name = 'parley.message'
    _description = 'Parley chat message'
    _order = 'id'

    session_id = fields.Many2one('parley.session', required=True, index=True, ondelete='cascade')
    turn_id = fields.Many2one('parley.turn', index=True, ondelete='cascade')
    user_id = fields.Many2one(related='session_id.user_id', store=True, index=True)
    role = fields.Selection([('user', 'User'), ('assistant', 'Assistant')], required=True)
    content = fields.Text(required=True, help='Anthropic content blocks, as JSON.')
    text = fields.Text(help='What the panel shows: the text blocks joined.')
    is_tool_result = fields.Boolean(help='A user-role message carrying only tool results.')

    @api.model
    def _parley_values(self, session, turn, message):
        """Create values for one validated Anthropic message (see lib.history)."""
        return {
            'session_id': session.id,
            'turn_id': turn.id if turn else False,
            'role': message['role'],
            'content': json.dumps(message['content'], ensure_ascii=False),
            'text': history.display_text(message['content']),
            'is_tool_result': history.is_tool_result_message(message),
        }

    def _parley_anthropic(self):
        return [{'role': message.role, 'content': json.loads(message.content)} for message in self]
