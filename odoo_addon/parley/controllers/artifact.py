"""Charts and reports (DESIGN §9): the bridge stores them, the panel lists and shows them, and a
user opens or downloads their own — always under a sandbox CSP, never as a blob in Odoo's origin.

Bridge → Odoo: ``/parley/tool/render_chart`` and ``/parley/tool/render_report`` (static routes,
which win over ``/parley/tool/<name>``) run the checks of DESIGN §4 like every tool — edge, token,
turn, policy, rate limits, audit — and store the rendered artifact for the turn's session.
"""
import hashlib
import json
import re

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request

from ..agent_tools import ToolError
from ..lib import policy
from ..models.parley_artifact import RENDER_RISK
from .common import answer, bridge_route
from .panel import _env, _session
from .tools import NOT_AVAILABLE, ParleyToolController, ToolRefused, failed_call, serve_tool_call

# Must equal SANDBOX_HEADER_CSP in bridge/src/render/report.ts (a contract test compares them).
# `sandbox` without allow-scripts: the document can run nothing, even opened as a top-level page.
SANDBOX_HEADER_CSP = ("sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
                      "form-action 'none'; base-uri 'none'; frame-ancestors 'self'")
SANDBOX_HEADERS = [
    ('Content-Security-Policy', SANDBOX_HEADER_CSP),
    ('X-Content-Type-Options', 'nosniff'),
    ('Referrer-Policy', 'no-referrer'),
    ('Cross-Origin-Resource-Policy', 'same-origin'),
    ('Cache-Control', 'private, no-store'),
]


def _owned(env, artifact_id):
    """The user's own artifact, or an empty recordset for anyone else's and for none at all: the
    owner is looked up as the addon so another user's id answers exactly like a missing one."""
    artifact = env['parley.artifact'].sudo().browse(artifact_id).exists()
    if not artifact or artifact.user_id != env.user:
        return env['parley.artifact']
    artifact = artifact.with_env(env)
    return artifact if artifact.has_access('read') else env['parley.artifact']


class ParleyArtifactController(http.Controller):

    # ---- bridge → Odoo ------------------------------------------------------------------------

    @http.route(['/parley/tool/render_chart', '/parley/tool/render_report'], type='http', auth='none',
                methods=['POST'], csrf=False, readonly=False)
    @bridge_route
    def store(self, **_kwargs):
        name = request.httprequest.path.rsplit('/', 1)[-1]
        return serve_tool_call(name, lambda env, turn, body, args, audit: self._store(
            env, turn, name, body['call_id'], args, audit), audit_args=self._audit_args)

    def _store(self, env, turn, name, call_id, args, audit):
        """Policy (step 5), rate limits (6), then store as the addon, for the user's session."""
        try:
            version, doc = env['parley.policy']._parley_active()
            audit['policy_version'] = version
            groups = set(env.user.sudo().groups_id.get_external_id().values())
            action = policy.evaluate(doc, name, groups, RENDER_RISK)
            if action == 'deny':
                raise ToolRefused('tool_not_available', NOT_AVAILABLE)
            if action != 'allow':  # lib/policy never asks approval of a render tool; refuse, never skip
                raise ToolRefused('approval_required', 'This tool needs the user to approve the call in Odoo.')
            ParleyToolController._reserve_rate_limit(
                turn, name, policy.effective_tools(doc, groups, {name: RENDER_RISK}))
            if env.su or env.uid != turn.user_id.id:
                raise RuntimeError('Parley refuses to store an artifact for anyone but the turn user')
            with env.cr.savepoint():
                # The addon's own record, like a message: users may read artifacts, never write them.
                artifact = env['parley.artifact'].sudo()._parley_store(turn, name, call_id, args)
        except ToolRefused as refused:
            return failed_call(turn, 'refused', refused.code, refused.message)
        except ToolError as error:
            return failed_call(turn, 'error', error.code, error.message)
        return answer({'artifact_id': artifact.id, 'kind': artifact.kind, 'title': artifact.title}), {
            'outcome': 'ok', 'rows': 1}

    @staticmethod
    def _audit_args(args):
        """The audit keeps what was made, not the whole document (its hash is in args_sha256)."""
        if not isinstance(args, dict):
            return json.dumps(args, default=str)[:512]
        html = args.get('html') if isinstance(args.get('html'), str) else ''
        summary = {key: args.get(key) for key in ('kind', 'title', 'source', 'width', 'height') if key in args}
        summary['html_chars'] = len(html)
        summary['html_sha256'] = hashlib.sha256(html.encode('utf-8')).hexdigest()
        return json.dumps(summary, ensure_ascii=False, default=str)

    # ---- panel → Odoo -------------------------------------------------------------------------

    @http.route('/parley/artifacts/list', type='json', auth='user')
    def artifacts_list(self, session_id):
        env = _env()
        session = _session(env, session_id)
        return env['parley.artifact'].search([('session_id', '=', session.id)])._parley_summary()

    @http.route('/parley/artifacts/get', type='json', auth='user')
    def artifacts_get(self, artifact_id):
        return self._own_artifact(_env(), artifact_id)._parley_content()

    @staticmethod
    def _own_artifact(env, artifact_id):
        if not isinstance(artifact_id, int) or isinstance(artifact_id, bool):
            raise UserError(_('Invalid artifact.'))
        artifact = _owned(env, artifact_id)
        if not artifact:
            raise UserError(_('This chart or report does not exist.'))
        return artifact

    # ---- browser: open in a tab, download ----------------------------------------------------

    @http.route('/parley/artifact/<int:artifact_id>/view', type='http', auth='user', methods=['GET'])
    def view(self, artifact_id, **_kwargs):
        artifact = self._artifact_or_none(artifact_id)
        if not artifact:
            raise request.not_found()
        return request.make_response(artifact.html, headers=[
            ('Content-Type', 'text/html; charset=utf-8'), *SANDBOX_HEADERS])

    @http.route('/parley/artifact/<int:artifact_id>/download', type='http', auth='user', methods=['GET'])
    def download(self, artifact_id, format='html', **_kwargs):  # noqa: A002 — the URL parameter's name
        artifact = self._artifact_or_none(artifact_id)
        if not artifact or (format == 'svg' and not artifact.svg) or format not in ('html', 'svg'):
            raise request.not_found()
        content, mimetype = (artifact.svg, 'image/svg+xml') if format == 'svg' else (artifact.html, 'text/html')
        filename = f'{self._slug(artifact.title)}.{format}'
        return request.make_response(content, headers=[
            ('Content-Type', f'{mimetype}; charset=utf-8'),
            ('Content-Disposition', f'attachment; filename="{filename}"'),
            *SANDBOX_HEADERS])

    @staticmethod
    def _artifact_or_none(artifact_id):
        """The signed-in user's own artifact; anyone else's (or none) is simply not found."""
        env = request.env
        if not env.user.has_group('parley.group_user'):
            return None
        return _owned(env, artifact_id)

    @staticmethod
    def _slug(title):
        return re.sub(r'[^A-Za-z0-9]+', '-', title or '').strip('-')[:80].lower() or 'parley-artifact'
