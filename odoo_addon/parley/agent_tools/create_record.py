"""create_record: one new record from field values, as the user."""

from . import _preview, _writes


class CreateRecord(_writes.WriteTool):
    name = 'create_record'
    risk = 'write'
    description = 'Create one record of a model from field values.'
    allowed_args = frozenset({'model', 'values'})
    required_args = allowed_args

    def _checked(self, env, args):
        model = _writes.get_model(env, args['model'])
        model.browse().check_access('create')
        return (model, *_writes.check_values(model, args['values'], 'create'))

    def _run(self, env, args):
        model, _described, values = self._checked(env, args)
        record = _writes.mutate(env, lambda: model.create(values))
        return {'model': model._name, **_preview.record_ref(record),
                '_link': _writes.link(model._name, record.id)}

    def _preview(self, env, args):
        model, described, values = self._checked(env, args)
        return {'tool': self.name, 'model': model._name, 'model_label': _preview.model_label(model),
                'values': _preview.field_values(model, described, values)}


TOOL = CreateRecord()
