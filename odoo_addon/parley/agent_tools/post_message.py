"""post_message: an internal note or a message to followers in a record's chatter, as the user."""

from odoo.tools import plaintext2html

from . import _preview, _writes

MAX_BODY = 20_000
SUBTYPES = {'note': 'mail.mt_note', 'message': 'mail.mt_comment'}


class PostMessage(_writes.WriteTool):
    name = 'post_message'
    risk = 'write'
    description = "Post a note or a message in a record's chatter."
    allowed_args = frozenset({'model', 'id', 'body', 'kind'})
    required_args = frozenset({'model', 'id', 'body'})

    def _checked(self, env, args):
        model = _writes.get_model(env, args['model'])
        if not hasattr(model, 'message_post'):
            raise _writes.invalid(f'{model._name} has no chatter.')
        kind = args.get('kind', 'note')
        if kind not in SUBTYPES:
            raise _writes.invalid("'kind' must be 'note' (internal) or 'message' (sent to followers).")
        body = args['body']
        if not isinstance(body, str) or not body.strip() or len(body) > MAX_BODY:
            raise _writes.invalid(f"'body' must be non-empty plain text of at most {MAX_BODY} characters.")
        # The access Odoo itself requires to post on this model (usually write), checked up front
        # so the preview refuses what the post would refuse.
        record = _writes.get_records(model, [_writes.get_id(args)], model._mail_post_access)
        return record, kind, body.strip()

    def _run(self, env, args):
        record, kind, body = self._checked(env, args)
        # The model's text is plain text: escaped, never HTML (plaintext2html escapes, then adds <br>).
        message = _writes.mutate(env, lambda: record.message_post(
            body=plaintext2html(body), message_type='comment', subtype_xmlid=SUBTYPES[kind]))
        return {'model': record._name, 'id': record.id, 'kind': kind, 'message_id': message.id,
                '_link': _writes.link(record._name, record.id)}

    def _preview(self, env, args):
        record, kind, body = self._checked(env, args)
        return {'tool': self.name, 'model': record._name, 'model_label': _preview.model_label(record),
                'record': _preview.record_ref(record), 'kind': kind, 'body': _preview.clip(body)}


TOOL = PostMessage()
