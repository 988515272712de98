"""How AI Learns: the shared package behind the course's notebooks.

Concept modules (pure numpy: ``losses``, ``neuron``, ...) compute; lesson
modules in ``course_lib.lessons`` turn them into live experiments; the
machinery (``live``, ``style``, ``feedback``, ``editions``) is shared.
"""

__version__ = "0.1.0"
