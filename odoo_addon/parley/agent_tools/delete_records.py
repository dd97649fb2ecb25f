"""delete_records: unlink up to 50 records, as the user."""

from . import _preview, _writes


class DeleteRecords(_writes.WriteTool):
    name = 'delete_records'
    risk = 'destructive'
    description = 'Delete records of a model.'
    allowed_args = frozenset({'model', 'ids'})
    required_args = allowed_args

    def _checked(self, env, args):
        model = _writes.get_model(env, args['model'])
        return _writes.get_records(model, _writes.get_ids(args), 'unlink')

    def _run(self, env, args):
        records = self._checked(env, args)
        deleted = [_preview.record_ref(r) for r in records]  # names are gone after unlink
        _writes.mutate(env, records.unlink)
        return {'model': records._name, 'deleted': deleted}

    def _preview(self, env, args):
        records = self._checked(env, args)
        return {'tool': self.name, 'model': records._name, 'model_label': _preview.model_label(records),
                'records': [_preview.record_ref(r) for r in records]}


TOOL = DeleteRecords()
