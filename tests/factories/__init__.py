"""factory_boy factories, one module per app; import them from here."""

from .agency import *  # noqa: F403
from .articles import *  # noqa: F403
from .leads import *  # noqa: F403
from .services import *  # noqa: F403
from .translations import *  # noqa: F403
