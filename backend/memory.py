"""What a process loaded to start, left out of the garbage collector's walks. Used by the back office's processes
and by Rasa and the action server alike (their image copies this module).

Every full collection walks every object alive: in a process that loaded a trained model, or mapped a schema and
imported its libraries, hundreds of thousands of objects that live as long as the process. Under load that was a
tenth of Rasa's and the back office's time, and a quarter of the action server's.
"""

import gc


def keep_loaded_objects(*_: object) -> None:
    """Collect once, then move every object alive to the collector's permanent generation, which it no longer walks.
    Called once start-up is done (also as a Sanic listener: the arguments it passes are not needed)."""
    gc.collect()
    gc.freeze()
