from . import parley_bridge
from . import parley_keyring
from . import parley_message
from . import parley_policy
from . import parley_session
from . import parley_tool_call
from . import parley_turn
from . import res_config_settings
