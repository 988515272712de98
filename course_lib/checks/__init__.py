"""One module per lesson: the checks behind its exercises (see course_lib.feedback)."""
