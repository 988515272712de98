"""The engine's dtype option: float64 by default, float32 on request and kept throughout."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.autograd import Tensor, as_tensor
from course_lib.autograd_checks import float_dtype
from course_lib.functional import cross_entropy, gelu, layer_norm, scaled_dot_product_attention


def test_float64_is_the_default_and_float32_is_kept_when_asked():
    assert Tensor([1, 2]).dtype == np.float64
    assert Tensor(np.ones(2, dtype=np.float32)).dtype == np.float64  # converted, as before
    t = Tensor([1.0, 2.0], requires_grad=True, dtype=np.float32)
    assert t.dtype == np.float32 and t.grad.dtype == np.float32
    assert as_tensor([1.0], np.float32).dtype == np.float32


def test_float32_results_stay_float32_with_numbers_and_float64_arrays_mixed_in():
    x = Tensor(np.linspace(-1, 1, 12).reshape(3, 4), requires_grad=True, dtype=np.float32)
    m = np.linspace(0, 1, 4)  # float64 constants are converted to the tensor's dtype
    results = [x + 1, 2 * x, x - m, m - x, x * m, m / (x + 2), x / 2, x**2, -x, x @ m[:, None]]
    results += [x.exp(), x.tanh(), x.relu(), x.sigmoid(), x.softmax(), x.log_softmax()]
    results += [x.sum(), x.mean(0), x.T, x.reshape(4, 3), x[1:], gelu(x), layer_norm(x)]
    assert all(r.dtype == np.float32 for r in results)
    sum(r.sum() for r in results).backward()
    assert x.grad.dtype == np.float32


def test_float32_gradients_agree_with_float64_to_single_precision():
    rng = np.random.default_rng(0)
    arrays = [rng.normal(size=(2, 3, 5, 4)) for _ in range(3)]
    targets = rng.integers(0, 4, size=(2, 3, 5))
    grads = {}
    for dtype in (np.float64, np.float32):
        q, k, v = (Tensor(a, requires_grad=True, dtype=dtype) for a in arrays)
        out = scaled_dot_product_attention(layer_norm(q), k, gelu(v), is_causal=True)
        cross_entropy(out, targets).backward()
        grads[dtype] = [t.grad for t in (q, k, v)]
    for g32, g64 in zip(grads[np.float32], grads[np.float64], strict=True):
        assert g32.dtype == np.float32
        np.testing.assert_allclose(g32, g64, rtol=1e-3, atol=1e-6)


@pytest.mark.parametrize("dtype", [np.int64, np.float16, "complex128", "bogus"])
def test_only_float64_and_float32_are_accepted(dtype):
    with pytest.raises(ValueError, match="np.float64 or np.float32"):
        float_dtype(dtype)
    with pytest.raises(ValueError, match="np.float64 or np.float32"):
        Tensor([1.0], dtype=dtype)
