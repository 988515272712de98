"""Hypothesis strategies for what a learner may hand a check: anything at all."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

#: A single value of any everyday kind, NaN and infinity included.
values = st.one_of(
    st.none(),
    st.just(...),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.floats(allow_nan=True), max_size=5),
    st.builds(np.full, st.tuples(st.integers(0, 4)), st.floats(allow_nan=True)),
)
#: A value, or a pair or list of them (for exercises that return several results).
answers = st.one_of(values, st.tuples(values, values), st.lists(values, max_size=3))
#: What a learner's function may do besides returning: raise one of these.
errors = st.sampled_from([None, ValueError, ZeroDivisionError, TypeError, KeyError])


def learner_function(value, raises):
    """A learner's function that ignores its arguments and returns ``value`` or raises."""

    def function(*args):
        if raises:
            raise raises("learner bug")
        return value

    return function
