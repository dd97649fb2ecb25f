import json

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import policy


class ParleyPolicy(models.Model):
    """The tool policy (DESIGN §6). The newest active record is the one in force; without one,
    the shipped default applies. Managers edit it; every tool call is checked against it."""
    _name = 'parley.policy'
    _description = 'Parley tool policy'
    _order = 'id desc'

    name = fields.Char(required=True, default=lambda self: _('Tool policy'))
    active = fields.Boolean(default=True)
    document = fields.Text(required=True, default=lambda self: json.dumps(policy.default_policy(), indent=2))
    revision = fields.Integer(default=1, readonly=True,
                              help='Bumped on every change of the document; recorded in the audit log.')
    summary = fields.Text(compute='_compute_summary')
    revision_ids = fields.One2many('parley.policy.revision', 'policy_id', string='History', readonly=True)

    @api.depends('document')
    def _compute_summary(self):
        for record in self:
            try:
                record.summary = '\n'.join(policy.summary(json.loads(record.document or '')))
            except ValueError as error:
                record.summary = str(error)

    @api.constrains('document')
    def _check_document(self):
        for record in self:
            try:
                doc = json.loads(record.document or '')
            except ValueError as error:
                raise ValidationError(_('The policy is not valid JSON: %s', error)) from None
            errors = policy.validate(doc, policy.TOOL_CATALOGUE)
            if errors:
                raise ValidationError(_('The policy is invalid: %s', '; '.join(errors)))

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._record_revision()
        return records

    def write(self, vals):
        if 'document' in vals:
            for record in self:
                super(ParleyPolicy, record).write(dict(vals, revision=record.revision + 1))
            self._record_revision()
            return True
        return super().write(vals)

    def _record_revision(self):
        # History is the addon's bookkeeping (sudo keeps the saver's uid as create_uid).
        self.env['parley.policy.revision'].sudo().create([
            {'policy_id': record.id, 'revision': record.revision, 'document': record.document}
            for record in self])

    @api.model
    def _parley_active(self):
        """(version string, document) in force now. Internal: read as sudo, never shown raw."""
        record = self.sudo().search([('active', '=', True)], limit=1)
        if not record:
            return 'default', policy.default_policy()
        doc = json.loads(record.document)
        return f"{doc.get('version', '')}/{record.id}.{record.revision}", doc
