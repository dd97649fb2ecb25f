"""The write tools, called directly as a user: rights, relational commands, run_action's allowlist,
and previews that show the real change. Each attack is written as the test."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.parley.agent_tools import ToolError
from odoo.addons.parley.agent_tools import (
    _writes, create_record, delete_records, post_message, run_action, update_records)

UPDATE, CREATE, DELETE = update_records.TOOL, create_record.TOOL, delete_records.TOOL
ACTION, POST = run_action.TOOL, post_message.TOOL


@tagged('post_install', '-at_install')
class TestWriteTools(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(cls.env, 'hw_manager', groups='base.group_user,base.group_partner_manager')
        cls.clerk = new_test_user(cls.env, 'hw_clerk', groups='base.group_user')  # reads partners only
        cls.demo = cls.env.ref('base.user_demo', raise_if_not_found=False) or cls.clerk
        Partner = cls.env['res.partner']
        cls.azure = Partner.create({'name': 'Azure Interior', 'phone': '+32 1', 'comment': 'old note'})
        cls.deco = Partner.create({'name': 'Deco Addict', 'phone': '+32 2'})
        cls.vip = cls.env['res.partner.category'].create({'name': 'VIP'})
        cls.industry = cls.env['res.partner.industry'].create({'name': 'Shipping'})
        cls.other_company = cls.env['res.company'].create({'name': 'Not Yours Ltd'})

    def as_user(self, user):
        return self.env(user=user)

    def assertRefused(self, tool, env, args, code='validation_error', preview=False):
        with self.assertRaises(ToolError) as caught:
            (tool.preview if preview else tool.run)(env, args)
        self.assertEqual(caught.exception.code, code, caught.exception.message)
        return caught.exception.message

    # -- happy paths, as a user with rights --------------------------------------------------

    def test_update_records_writes_as_the_user(self):
        env = self.as_user(self.manager)
        result = UPDATE.run(env, {'model': 'res.partner', 'ids': [self.azure.id, self.deco.id],
                                  'values': {'phone': '+32 9', 'category_id': [[4, self.vip.id]]}})
        self.assertEqual(result['updated'], 2)
        self.assertEqual((self.azure | self.deco).mapped('phone'), ['+32 9', '+32 9'])
        self.assertIn(self.vip, self.azure.category_id)
        self.assertEqual(self.azure.write_uid, self.manager)

    def test_create_record_creates_as_the_user(self):
        env = self.as_user(self.manager)
        result = CREATE.run(env, {'model': 'res.partner', 'values': {
            'name': 'Gemini Furniture', 'industry_id': self.industry.id,
            'category_id': [[6, 0, [self.vip.id]]], 'child_ids': [[0, 0, {'name': 'Edwin Hansen'}]]}})
        partner = self.env['res.partner'].browse(result['id'])
        self.assertEqual(partner.name, 'Gemini Furniture')
        self.assertEqual(partner.create_uid, self.manager)
        self.assertEqual(partner.child_ids.name, 'Edwin Hansen')
        self.assertEqual(result['_link'], f'odoo://res.partner/{partner.id}')

    def test_delete_records_unlinks_as_the_user(self):
        env = self.as_user(self.manager)
        result = DELETE.run(env, {'model': 'res.partner', 'ids': [self.deco.id]})
        self.assertEqual(result['deleted'], [{'id': self.deco.id, 'name': 'Deco Addict'}])
        self.assertFalse(self.deco.exists())

    def test_post_message_posts_an_escaped_plain_text_note(self):
        env = self.as_user(self.manager)
        body = 'Call back <b>tomorrow</b> & <script>alert(1)</script>'
        result = POST.run(env, {'model': 'res.partner', 'id': self.azure.id, 'body': body})
        message = self.env['mail.message'].browse(result['message_id'])
        self.assertEqual(message.author_id, self.manager.partner_id)
        self.assertEqual(message.message_type, 'comment')
        self.assertEqual(message.subtype_id, self.env.ref('mail.mt_note'))
        self.assertNotIn('<script>', message.body)
        self.assertNotIn('<b>', message.body)
        self.assertIn('&lt;script&gt;', message.body)

    def test_post_message_as_message_uses_the_comment_subtype(self):
        env = self.as_user(self.manager)
        result = POST.run(env, {'model': 'res.partner', 'id': self.azure.id, 'body': 'Hello', 'kind': 'message'})
        message = self.env['mail.message'].browse(result['message_id'])
        self.assertEqual(message.subtype_id, self.env.ref('mail.mt_comment'))

    def test_run_action_calls_an_allowed_button(self):
        env = self.as_user(self.manager)
        result = ACTION.run(env, {'model': 'res.partner', 'ids': [self.deco.id], 'method': 'action_archive'})
        self.assertFalse(self.deco.active)
        self.assertEqual(result['method'], 'action_archive')

    # -- previews: the real arguments, current → new, nothing written ------------------------

    def test_update_preview_shows_current_and_new_values_and_writes_nothing(self):
        env = self.as_user(self.manager)
        preview = UPDATE.preview(env, {'model': 'res.partner', 'ids': [self.azure.id], 'values': {
            'phone': '+32 7', 'industry_id': self.industry.id, 'category_id': [[4, self.vip.id]]}})
        self.assertEqual(preview['model_label'], 'Contact')
        [record] = preview['records']
        self.assertEqual(record['name'], 'Azure Interior')
        changes = {c['field']: c for c in record['changes']}
        self.assertEqual((changes['phone']['label'], changes['phone']['old'], changes['phone']['new']),
                         ('Phone', '+32 1', '+32 7'))
        self.assertEqual((changes['industry_id']['old'], changes['industry_id']['new']), (None, 'Shipping'))
        self.assertEqual((changes['category_id']['old'], changes['category_id']['new']), ([], ['add VIP']))
        self.assertEqual(self.azure.phone, '+32 1')
        self.assertFalse(self.azure.industry_id)

    def test_create_preview_lists_labels_and_values(self):
        env = self.as_user(self.manager)
        preview = CREATE.preview(env, {'model': 'res.partner', 'values': {
            'name': 'Hw Preview Lumber', 'child_ids': [[0, 0, {'name': 'Ann'}]]}})
        shown = {v['field']: (v['label'], v['new']) for v in preview['values']}
        self.assertEqual(shown['name'], ('Name', 'Hw Preview Lumber'))
        self.assertEqual(shown['child_ids'][1], ['new: Name: Ann'])
        self.assertFalse(self.env['res.partner'].search([('name', '=', 'Hw Preview Lumber')]))

    def test_delete_preview_names_the_records(self):
        env = self.as_user(self.manager)
        preview = DELETE.preview(env, {'model': 'res.partner', 'ids': [self.azure.id, self.deco.id]})
        self.assertEqual([r['name'] for r in preview['records']], ['Azure Interior', 'Deco Addict'])
        self.assertTrue(self.deco.exists())

    def test_run_action_preview_shows_the_form_button_label(self):
        self.env['ir.config_parameter'].set_param(run_action.ALLOWLIST_PARAM, 'action_*,create_company')
        env = self.as_user(self.manager)
        preview = ACTION.preview(env, {'model': 'res.partner', 'ids': [self.azure.id], 'method': 'create_company'})
        self.assertEqual(preview['label'], 'Create company')
        self.assertEqual(preview['records'], [{'id': self.azure.id, 'name': 'Azure Interior'}])
        fallback = ACTION.preview(env, {'model': 'res.partner', 'ids': [self.azure.id], 'method': 'action_archive'})
        self.assertEqual(fallback['label'], 'action_archive')

    def test_update_preview_shows_selection_labels_and_bare_id_lists_as_a_set(self):
        env = self.as_user(self.manager)
        preview = UPDATE.preview(env, {'model': 'res.partner', 'ids': [self.azure.id],
                                       'values': {'type': 'invoice', 'category_id': [self.vip.id]}})
        changes = {c['field']: c for c in preview['records'][0]['changes']}
        self.assertEqual((changes['type']['old'], changes['type']['new']), ('Contact', 'Invoice Address'))
        self.assertEqual(changes['category_id']['new'], ['set to: VIP'])

    def test_what_is_validated_is_what_is_written(self):
        # A bare id list is normalized to "set to exactly these" and written in that form.
        env = self.as_user(self.manager)
        self.azure.category_id = self.env['res.partner.category'].create({'name': 'Old tag'})
        UPDATE.run(env, {'model': 'res.partner', 'ids': [self.azure.id], 'values': {'category_id': [self.vip.id]}})
        self.assertEqual(self.azure.category_id, self.vip)

    def test_post_message_preview_shows_the_real_body(self):
        env = self.as_user(self.manager)
        preview = POST.preview(env, {'model': 'res.partner', 'id': self.azure.id,
                                     'body': '<i>x</i>', 'kind': 'message'})
        self.assertEqual((preview['record']['name'], preview['kind'], preview['body']),
                         ('Azure Interior', 'message', '<i>x</i>'))
        self.assertFalse(self.azure.message_ids.filtered(lambda m: m.message_type == 'comment'))

    def test_model_written_description_is_not_an_argument(self):
        # The card shows arguments, never the model's own summary of them: there is no such input.
        env = self.as_user(self.manager)
        self.assertRefused(UPDATE, env, {'model': 'res.partner', 'ids': [self.azure.id], 'values': {'phone': '1'},
                                         'description': 'harmless typo fix'}, preview=True)

    # -- rights: Odoo's own AccessError ------------------------------------------------------

    def test_user_without_write_right_gets_access_error(self):
        env = self.as_user(self.clerk)
        args = {'model': 'res.partner', 'ids': [self.azure.id], 'values': {'phone': '0'}}
        for call in (UPDATE.run, UPDATE.preview):
            with self.assertRaises(AccessError):
                call(env, args)
        with self.assertRaises(AccessError):
            CREATE.run(env, {'model': 'res.partner', 'values': {'name': 'x'}})
        with self.assertRaises(AccessError):
            DELETE.run(env, {'model': 'res.partner', 'ids': [self.azure.id]})
        with self.assertRaises(AccessError):
            ACTION.run(env, {'model': 'res.partner', 'ids': [self.azure.id], 'method': 'action_archive'})
        with self.assertRaises(AccessError):
            POST.run(env, {'model': 'res.partner', 'id': self.azure.id, 'body': 'hi'})
        self.assertEqual(self.azure.phone, '+32 1')

    def test_demo_user_cannot_write_a_model_reserved_to_admins(self):
        env = self.as_user(self.demo)
        with self.assertRaises(AccessError):
            UPDATE.run(env, {'model': 'res.partner.industry', 'ids': [self.industry.id], 'values': {'name': 'x'}})
        with self.assertRaises(AccessError):
            CREATE.run(env, {'model': 'res.partner.industry', 'values': {'name': 'x'}})
        with self.assertRaises(AccessError):
            DELETE.run(env, {'model': 'res.partner.industry', 'ids': [self.industry.id]})
        self.assertEqual(self.industry.name, 'Shipping')

    def test_superuser_environment_is_refused(self):
        with self.assertRaises(AssertionError):
            UPDATE.run(self.env, {'model': 'res.partner', 'ids': [self.azure.id], 'values': {'phone': '0'}})

    # -- relational commands reaching other models -------------------------------------------

    def test_nested_create_on_a_model_the_user_cannot_create_is_refused(self):
        env = self.as_user(self.manager)  # may write partners, not create users
        with self.assertRaises(AccessError):
            UPDATE.run(env, {'model': 'res.partner', 'ids': [self.azure.id], 'values': {
                'user_ids': [[0, 0, {'name': 'Mallory', 'login': 'mallory'}]]}})
        self.assertFalse(self.env['res.users'].search([('login', '=', 'mallory')]))

    def test_nested_update_of_a_record_the_user_cannot_write_is_refused(self):
        env = self.as_user(self.manager)
        with self.assertRaises(AccessError):
            UPDATE.run(env, {'model': 'res.partner', 'ids': [self.manager.partner_id.id], 'values': {
                'user_ids': [[1, self.manager.id, {'name': 'Root'}]]}})
        with self.assertRaises(AccessError):
            UPDATE.preview(env, {'model': 'res.partner', 'ids': [self.manager.partner_id.id], 'values': {
                'user_ids': [[2, self.manager.id]]}})

    def test_linking_a_record_the_user_cannot_read_is_refused(self):
        env = self.as_user(self.manager)
        with self.assertRaises(AccessError):
            UPDATE.run(env, {'model': 'res.partner', 'ids': [self.azure.id],
                             'values': {'company_id': self.other_company.id}})
        self.assertFalse(self.azure.company_id)

    def test_many2many_link_to_a_record_hidden_by_a_record_rule_is_refused(self):
        # Odoo's ORM would write the relation row without checking the linked record: we check.
        secret = self.env['res.partner.category'].create({'name': 'Secret list'})
        self.env['ir.rule'].create({
            'name': 'hw: secret categories hidden', 'model_id': self.env.ref('base.model_res_partner_category').id,
            'domain_force': "[('name', '!=', 'Secret list')]",
            'groups': [Command.link(self.env.ref('base.group_user').id)],
        })
        env = self.as_user(self.manager)
        for value in ([[4, secret.id]], [[6, 0, [self.vip.id, secret.id]]], [secret.id]):
            with self.subTest(value=value), self.assertRaises(AccessError):
                UPDATE.run(env, {'model': 'res.partner', 'ids': [self.azure.id], 'values': {'category_id': value}})
        self.assertNotIn(secret, self.azure.category_id)

    def test_linking_a_record_that_does_not_exist_is_refused(self):
        env = self.as_user(self.manager)
        self.assertRefused(UPDATE, env, {'model': 'res.partner', 'ids': [self.azure.id],
                                         'values': {'category_id': [[6, 0, [self.vip.id, 99999999]]]}})

    def test_malformed_commands_are_refused(self):
        env = self.as_user(self.manager)
        for value in ([[7, 1]], [[True, 1]], 'VIP', [[4, 'x']], [[1, self.vip.id]], [[6, 0, 'all']]):
            with self.subTest(value=value):
                self.assertRefused(UPDATE, env, {'model': 'res.partner', 'ids': [self.azure.id],
                                                 'values': {'category_id': value}})

    # -- values and ids checked as the user --------------------------------------------------

    def test_unknown_readonly_and_magic_fields_are_refused(self):
        env = self.as_user(self.manager)
        for values in ({'no_such_field': 1}, {'commercial_partner_id': self.deco.id},
                       {'create_uid': self.manager.id}, {'id': 5}, {'phone': 42}, {'type': 'nope'}):
            with self.subTest(values=values):
                self.assertRefused(UPDATE, env, {'model': 'res.partner', 'ids': [self.azure.id], 'values': values})

    def test_dates_are_checked_and_written_in_odoo_format(self):
        env = self.as_user(self.env.ref('base.user_admin'))
        message = self.assertRefused(CREATE, env, {'model': 'res.currency.rate', 'values': {'name': 'soon'}})
        self.assertIn('e.g. "2025-01-31"', message)
        self.assertEqual(_writes._date_value('x', 'date', '2025-01-31'), '2025-01-31')
        # The ISO form the read tools return is accepted back and stored in UTC.
        self.assertEqual(_writes._date_value('x', 'datetime', '2024-05-01T09:30:00Z'), '2024-05-01 09:30:00')
        with self.assertRaises(ToolError):
            _writes._date_value('x', 'datetime', '2024-05-01T09:30:00+02:00')

    def test_config_and_secret_models_are_refused_even_to_admins(self):
        env = self.as_user(self.env.ref('base.user_admin'))
        param = self.env['ir.config_parameter'].search([], limit=1)
        self.assertRefused(UPDATE, env, {'model': 'ir.config_parameter', 'ids': [param.id], 'values': {'value': 'x'}})
        self.assertRefused(CREATE, env, {'model': 'ir.cron', 'values': {'name': 'x'}})

    def test_missing_required_field_on_create_is_refused(self):
        self.assertRefused(CREATE, self.as_user(self.manager), {'model': 'res.partner.category',
                                                                 'values': {'color': 3}})

    def test_more_than_fifty_ids_are_refused(self):
        self.assertRefused(DELETE, self.as_user(self.manager), {'model': 'res.partner', 'ids': list(range(1, 52))})

    # -- run_action: allowlist, private and generic methods ----------------------------------

    def test_run_action_outside_the_allowlist_is_refused(self):
        env = self.as_user(self.manager)
        message = self.assertRefused(ACTION, env, {'model': 'res.partner', 'ids': [self.azure.id],
                                                   'method': 'create_company'})
        self.assertIn('action_*', message)

    def test_run_action_private_method_is_refused_even_with_a_star_allowlist(self):
        self.env['ir.config_parameter'].set_param(run_action.ALLOWLIST_PARAM, '*')
        env = self.as_user(self.manager)
        for method in ('_compute_display_name', '__init__', 'unlink', 'write', 'sudo', 'ensure_one',
                       'action_no_such_method', 'name'):
            with self.subTest(method=method):
                self.assertRefused(ACTION, env, {'model': 'res.partner', 'ids': [self.azure.id], 'method': method})
        self.assertTrue(self.azure.exists())

    def test_run_action_button_reserved_to_another_group_is_refused(self):
        self.env['ir.ui.view'].create({
            'name': 'hw: admin-only archive button', 'model': 'res.partner',
            'inherit_id': self.env.ref('base.view_partner_form').id,
            'arch': '<xpath expr="//sheet" position="before"><header><button name="action_archive" type="object" '
                    'string="Archive now" groups="base.group_system"/></header></xpath>',
        })
        args = {'model': 'res.partner', 'ids': [self.deco.id], 'method': 'action_archive'}
        with self.assertRaises(AccessError):
            ACTION.preview(self.as_user(self.manager), args)
        with self.assertRaises(AccessError):
            ACTION.run(self.as_user(self.manager), args)
        self.assertTrue(self.deco.active)
        admin = self.as_user(self.env.ref('base.user_admin'))
        self.assertEqual(ACTION.preview(admin, args)['label'], 'Archive now')

    def test_run_action_method_needing_arguments_is_refused(self):
        self.env['ir.config_parameter'].set_param(run_action.ALLOWLIST_PARAM, 'action_*,message_*')
        self.assertRefused(ACTION, self.as_user(self.manager), {
            'model': 'res.partner', 'ids': [self.azure.id], 'method': 'message_post_with_source'})
