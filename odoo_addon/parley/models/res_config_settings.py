from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import policy
from .parley_bridge import DEFAULT_BRIDGE_URL, is_loopback_url
from .parley_turn import DEFAULT_CIRCUIT_BREAKER_N, DEFAULT_REAPER_THRESHOLD_S, DEFAULT_TIME_LIMIT_S

DEFAULT_MAX_ROUNDS = 8


class ResConfigSettings(models.TransientModel):
    """Non-secret Parley settings. The model API key lives with the bridge, the token key on disk."""
    _inherit = 'res.config.settings'

    parley_bridge_url = fields.Char(string='Bridge URL', config_parameter='parley.bridge_url',
                                    default=DEFAULT_BRIDGE_URL)
    parley_default_model = fields.Char(string='Model', config_parameter='parley.default_model',
                                       help='Leave empty to use the bridge default.')
    parley_max_rounds = fields.Integer(string='Max rounds per answer', config_parameter='parley.max_rounds',
                                       default=DEFAULT_MAX_ROUNDS)
    parley_turn_time_limit_s = fields.Integer(string='Time limit per answer (s)',
                                              config_parameter='parley.turn_time_limit_s',
                                              default=DEFAULT_TIME_LIMIT_S)
    parley_reaper_threshold_s = fields.Integer(string='Silence before failing a turn (s)',
                                               config_parameter='parley.reaper_threshold_s',
                                               default=DEFAULT_REAPER_THRESHOLD_S)
    parley_circuit_breaker_n = fields.Integer(string='Failed tool calls in a row before stopping',
                                              config_parameter='parley.circuit_breaker_n',
                                              default=DEFAULT_CIRCUIT_BREAKER_N)
    parley_kill_switch_on = fields.Boolean(string='Kill switch is on', compute='_compute_parley_kill_switch_on')
    parley_policy_summary = fields.Text(string='Tool policy in force', compute='_compute_parley_policy_summary')
    parley_sql_role = fields.Char(string='SQL role', config_parameter='parley.sql_role', default='parley_sql')
    parley_sql_role_setup = fields.Text(string='SQL role set-up', compute='_compute_parley_sql_role')
    parley_sql_role_state = fields.Char(string='SQL role status', compute='_compute_parley_sql_role')

    def _compute_parley_kill_switch_on(self):
        active = self.env['parley.kill.event'].sudo()._parley_active()
        for settings in self:
            settings.parley_kill_switch_on = active

    def _compute_parley_policy_summary(self):
        _version, doc = self.env['parley.policy']._parley_active()
        text = '\n'.join(policy.summary(doc))
        for settings in self:
            settings.parley_policy_summary = text

    def _compute_parley_sql_role(self):
        from ..agent_tools import sql_select
        from ..lib import sql_role
        setup = '\n'.join(sql_select.role_setup_lines(self.env))
        status = sql_role.role_status(self.env.cr, sql_select.role_name(self.env))
        if status['usable']:
            state = _('In use: every sql_select runs as this role, which may read only allowed columns.')
        elif status['exists']:
            state = _('Exists but is not usable (Odoo\'s database user is not a member, or the role is too powerful).')
        else:
            state = _('Not created: sql_select still runs read-only and guarded, without this extra layer.')
        for settings in self:
            settings.parley_sql_role_setup = setup
            settings.parley_sql_role_state = state

    def action_parley_sync_sql_grants(self):
        if not self.env.user.has_group('parley.group_manager'):
            raise ValidationError(_('Only Parley managers may sync the SQL role grants.'))
        self.env['parley.sql.grants']._parley_sync()

    @api.constrains('parley_bridge_url', 'parley_max_rounds', 'parley_turn_time_limit_s',
                    'parley_reaper_threshold_s', 'parley_circuit_breaker_n')
    def _check_parley_settings(self):
        for settings in self:
            if settings.parley_bridge_url and not is_loopback_url(settings.parley_bridge_url):
                raise ValidationError(_('The Parley bridge URL must be http:// on a loopback address, '
                                        'e.g. %s: turn tokens must never cross the network.', DEFAULT_BRIDGE_URL))
            if not 1 <= settings.parley_max_rounds <= 32:
                raise ValidationError(_('Max rounds must be between 1 and 32.'))
            if not 30 <= settings.parley_turn_time_limit_s <= 3600:
                raise ValidationError(_('The time limit must be between 30 and 3600 seconds.'))
            if not 15 <= settings.parley_reaper_threshold_s <= 3600:
                raise ValidationError(_('The silence threshold must be between 15 and 3600 seconds.'))
            if not 1 <= settings.parley_circuit_breaker_n <= 100:
                raise ValidationError(_('The circuit breaker must allow between 1 and 100 failed calls in a row.'))
