{
    'name': 'Parley',
    'version': '18.0.0.1.0',
    'category': 'Productivity',
    'summary': 'An AI assistant in the Odoo web client that never holds more power than its user',
    'author': 'Parley contributors',
    'license': 'LGPL-3',
    'depends': ['base', 'web', 'mail', 'bus'],
    'external_dependencies': {'python': ['requests']},
    'data': [
        # The groups must exist before the access list that names them.
        'security/parley_groups.xml',
        'security/ir.model.access.csv',
        'security/parley_rules.xml',
        'data/parley_cron.xml',
        'data/parley_users.xml',
        'views/parley_tool_call_views.xml',
        'views/parley_policy_views.xml',
        'views/parley_approval_views.xml',
        'views/parley_kill_views.xml',
        'views/parley_session_views.xml',
        'views/res_config_settings_views.xml',
        'views/parley_menus.xml',
    ],
    'demo': [
        'demo/parley_demo.xml',
    ],
    'assets': {
        'web.assets_backend': [
            'parley/static/src/dist/parley_panel.js',
            'parley/static/src/scss/parley.scss',
        ],
    },
    'application': False,
    'installable': True,
}
