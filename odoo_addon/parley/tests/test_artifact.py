"""Bridge → Odoo: storing charts and reports (DESIGN §4 and §9), written as the attacks."""
import json

from odoo.tests import HttpCase, tagged

from ..models.parley_artifact import DOCUMENT_PREFIX
from .common import ParleyCase

DOCUMENT = DOCUMENT_PREFIX + '<meta charset="utf-8"><title>t</title></head><body><p>Q2 &lt;b&gt;</p></body></html>'
SVG = ('<svg role="img" width="760" height="420" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760 420">'
       '<title>Sales</title><g clip-path="url(#zr0-c0)"><rect width="10" height="10" fill="#2f6fdf"></rect></g></svg>')


@tagged('post_install', '-at_install')
class TestArtifactStore(ParleyCase, HttpCase):

    def setUp(self):
        super().setUp()
        # These tests send many refused documents in one turn to check each refusal's code; the
        # circuit breaker (which stores count toward) has its own tests.
        self.env['ir.config_parameter'].sudo().set_param('parley.circuit_breaker_n', '100')

    def proof(self, turn, call_id='toolu_agg', tool='aggregate_records', outcome='ok'):
        """The audit row a real aggregate_records call leaves behind."""
        return self.env['parley.tool_call'].sudo().create({
            'user_id': turn.user_id.id, 'session_id': turn.session_id.id, 'turn_id': turn.id,
            'tool': tool, 'call_id': call_id, 'outcome': outcome})

    def chart_args(self, **overrides):
        args = {'kind': 'chart', 'title': 'Monthly sales', 'html': DOCUMENT, 'svg': SVG, 'width': 760,
                'height': 420, 'source': {'call_id': 'toolu_agg', 'tool': 'aggregate_records'}}
        args.update(overrides)
        return args

    def store_report(self, turn, token, html=DOCUMENT, title='x', **kwargs):
        return self.tool_call(turn, token, 'render_report', {'kind': 'report', 'title': title, 'html': html}, **kwargs)

    def artifacts(self, turn):
        return self.env['parley.artifact'].sudo().search([('session_id', '=', turn.session_id.id)])

    def test_chart_is_stored_for_the_turns_session_and_audited(self):
        turn, token = self.parley_turn(self.alice)
        self.proof(turn)
        status, body = self.tool_call(turn, token, 'render_chart', self.chart_args(), call_id='toolu_chart')
        self.assertEqual((status, body.get('ok')), (200, True), body)
        artifact = self.artifacts(turn)
        self.assertEqual(body['data'], {'artifact_id': artifact.id, 'kind': 'chart', 'title': 'Monthly sales'})
        self.assertEqual((artifact.user_id, artifact.turn_id, artifact.call_id), (self.alice, turn, 'toolu_chart'))
        self.assertEqual((artifact.source_call_id, artifact.source_tool), ('toolu_agg', 'aggregate_records'))
        audit = self.env['parley.tool_call'].sudo().search([('call_id', '=', 'toolu_chart')])
        self.assertEqual((audit.tool, audit.outcome, audit.user_id), ('render_chart', 'ok', self.alice))
        self.assertLess(len(audit.args_json), 1024)  # the summary and hash, not the document

    def test_report_is_stored(self):
        turn, token = self.parley_turn(self.alice)
        status, body = self.store_report(turn, token, title='Overdue')
        self.assertEqual((status, body.get('ok')), (200, True), body)
        self.assertEqual(self.artifacts(turn).kind, 'report')

    def test_chart_with_made_up_provenance_refused(self):
        turn, token = self.parley_turn(self.alice)
        self.assertRefused(self.tool_call(turn, token, 'render_chart', self.chart_args()), 200, 'validation_error')
        self.proof(turn, outcome='error')
        self.assertRefused(self.tool_call(turn, token, 'render_chart', self.chart_args()), 200, 'validation_error')
        self.assertFalse(self.artifacts(turn))

    def test_chart_citing_another_users_tool_call_refused(self):
        bobs_turn, _token = self.parley_turn(self.bob)
        self.proof(bobs_turn)
        turn, token = self.parley_turn(self.alice)
        result = self.tool_call(turn, token, 'render_chart', self.chart_args())
        self.assertRefused(result, 200, 'validation_error')
        self.assertIn('not a successful aggregate_records call of this chat', result[1]['error']['message'])

    def test_document_without_the_csp_first_refused(self):
        turn, token = self.parley_turn(self.alice)
        for html in ('<!DOCTYPE html><html><head><title>x</title></head><body>x</body></html>',
                     '<p>bare body</p>', DOCUMENT.replace("default-src 'none'", 'default-src *'), None):
            result = self.store_report(turn, token, html)
            self.assertRefused(result, 200, 'validation_error')
        self.assertFalse(self.artifacts(turn))

    def test_document_with_active_markup_refused(self):
        """A compromised bridge cannot store what its sanitizer never emits."""
        turn, token = self.parley_turn(self.alice)
        for body in ('<script>parent.x=1</script>', '<img src="x" onerror="x()">', '<iframe srcdoc="x"></iframe>',
                     '<BASE href="//evil">', '<form action="//evil"></form>', '<img src="https://evil.example/p.png">',
                     '<meta http-equiv="refresh" content="0;url=//evil">', '<p style="background:url(//evil)">x</p>',
                     '<p style="background:u\\72l(//evil)">x</p>', '<svg><image href="//evil/i.png"/></svg>'):
            html = DOCUMENT.replace('<p>', body + '<p>')
            self.assertRefused(self.store_report(turn, token, html),
                               200, 'validation_error')
        self.assertFalse(self.artifacts(turn))

    def test_document_head_that_loads_or_redirects_refused(self):
        turn, token = self.parley_turn(self.alice)
        for head in ('<link rel="stylesheet" href="//evil/x.css">',
                     '<meta http-equiv="refresh" content="0;url=//evil">',
                     '<style>@import "//evil/x.css";</style>', '<script>x()</script>'):
            html = DOCUMENT.replace('<title>', head + '<title>')
            self.assertRefused(self.store_report(turn, token, html),
                               200, 'validation_error')
        self.assertFalse(self.artifacts(turn))

    def test_text_that_looks_like_markup_is_accepted(self):
        turn, token = self.parley_turn(self.alice)
        html = DOCUMENT.replace('<p>', '<p>Onboarding = 5 days, &lt;script&gt; is text</p><p>')
        status, body = self.store_report(turn, token, html)
        self.assertTrue(body.get('ok'), body)

    def test_chart_svg_that_could_load_or_run_refused(self):
        turn, token = self.parley_turn(self.alice)
        self.proof(turn)
        for svg in (SVG.replace('<title>', '<image href="//evil/x.png"/><title>'),
                    SVG.replace('<title>', '<script>x()</script><title>'),
                    SVG.replace('fill="#2f6fdf"', 'fill="url(//evil/p#x)"'),
                    SVG.replace('<rect ', '<rect onload="x()" '),
                    '<div>' + SVG + '</div>'):
            result = self.tool_call(turn, token, 'render_chart', self.chart_args(svg=svg))
            self.assertRefused(result, 200, 'validation_error')
        self.assertFalse(self.artifacts(turn))

    def test_run_of_unclosed_tags_refused_before_the_markup_checks(self):
        """A compromised bridge once pinned a worker for minutes with 100 KB of '<a ': every '<'
        made the '<[^>]*' patterns scan to the end. Now such a document is refused first."""
        turn, token = self.parley_turn(self.alice)
        self.proof(turn)
        result = self.store_report(turn, token, DOCUMENT.replace('<p>', '<a ' * 100_000 + '<p>'))
        self.assertRefused(result, 200, 'validation_error')
        self.assertIn('does not close its tag', result[1]['error']['message'])
        result = self.tool_call(turn, token, 'render_chart', self.chart_args(svg=SVG.replace('<title>', '<g ' * 100_000)))
        self.assertRefused(result, 200, 'validation_error')
        self.assertFalse(self.artifacts(turn))

    def test_oversized_chart_svg_refused_with_its_reason(self):
        turn, token = self.parley_turn(self.alice)
        self.proof(turn)
        svg = SVG.replace('</svg>', '<rect width="1" height="1"></rect>' * 20_000 + '</svg>')
        result = self.tool_call(turn, token, 'render_chart', self.chart_args(svg=svg))
        self.assertRefused(result, 200, 'validation_error')
        self.assertIn('larger than 500000 characters', result[1]['error']['message'])

    def test_kind_must_match_the_tool(self):
        turn, token = self.parley_turn(self.alice)
        self.assertRefused(self.tool_call(turn, token, 'render_report', self.chart_args()), 200, 'validation_error')

    def test_forged_token_refused(self):
        turn, _token = self.parley_turn(self.alice)
        forged = self.forge_token(turn, key=b'\x00' * 32)
        self.assertRefused(self.store_report(turn, forged),
                           401, 'token_bad_signature')
        self.assertFalse(self.artifacts(turn))

    def test_token_of_a_finished_turn_refused(self):
        turn, token = self.parley_turn(self.alice, state='done')
        self.assertRefused(self.store_report(turn, token),
                           401, 'turn_not_running')

    def test_browser_request_refused(self):
        turn, token = self.parley_turn(self.alice)
        result = self.store_report(turn, token, headers={'Origin': 'http://evil.example'})
        self.assertRefused(result, 403, 'origin_refused')

    def test_render_tool_denied_by_policy_not_available(self):
        doc = self.env['parley.policy']._parley_active()[1]
        doc['tools']['render_report'] = {'action': 'deny'}
        self.env['parley.policy'].sudo().create({'name': 'no reports', 'document': json.dumps(doc)})
        turn, token = self.parley_turn(self.alice)
        self.assertRefused(self.store_report(turn, token),
                           200, 'tool_not_available')
        audit = self.env['parley.tool_call'].sudo().search([('turn_id', '=', turn.id)])
        self.assertEqual((audit.outcome, audit.error_code), ('refused', 'tool_not_available'))

    def test_render_tool_under_a_default_of_approve_not_available(self):
        # A render tool cannot be approved (no card), so a default of approve denies it: stored
        # without a click it would skip the approval the policy asks; waiting, it would never run.
        doc = self.env['parley.policy']._parley_active()[1]
        doc['default'] = 'approve'
        del doc['tools']['render_report']
        self.env['parley.policy'].sudo().create({'name': 'approve by default', 'document': json.dumps(doc)})
        turn, token = self.parley_turn(self.alice)
        self.assertRefused(self.store_report(turn, token), 200, 'tool_not_available')
        self.assertFalse(self.artifacts(turn))
