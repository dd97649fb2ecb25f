"""update_records: write the same values on up to 50 records, as the user."""

from . import _preview, _writes


class UpdateRecords(_writes.WriteTool):
    name = 'update_records'
    risk = 'write'
    description = 'Write field values on records of a model.'
    allowed_args = frozenset({'model', 'ids', 'values'})
    required_args = allowed_args

    def _checked(self, env, args):
        model = _writes.get_model(env, args['model'])
        records = _writes.get_records(model, _writes.get_ids(args), 'write')
        described, values = _writes.check_values(model, args['values'], 'write')
        return records, described, values

    def _run(self, env, args):
        records, _described, values = self._checked(env, args)
        _writes.mutate(env, lambda: records.write(values))
        return {'model': records._name, 'updated': len(records),
                'records': [{**_preview.record_ref(r), '_link': _writes.link(r._name, r.id)}
                            for r in records]}

    def _preview(self, env, args):
        records, described, values = self._checked(env, args)
        return {'tool': self.name, 'model': records._name, 'model_label': _preview.model_label(records),
                'records': _preview.field_changes(records, described, values)}


TOOL = UpdateRecords()
