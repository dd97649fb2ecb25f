from . import test_bridge_auth
from . import test_events
from . import test_panel
from . import test_reaper
from . import test_record_rules
from . import test_tool_route
