from . import artifact
from . import bridge
from . import panel
from . import tools
