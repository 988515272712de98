"""Neural-network building blocks on the course's autograd engine.

A :class:`Module` holds parameters (tensors with ``requires_grad=True``) and
other modules; :meth:`Module.parameters` collects them all, in a fixed order,
ready for an optimizer from :mod:`course_lib.optimizers`::

    model = MLP([2, 16, 16, 2], activation="relu", rng=0)
    opt = Adam(lr=0.01)
    params = model.parameters()
    for step in range(100):
        model.zero_grad()
        loss = cross_entropy(model(x), y)
        loss.backward()
        opt.step([p.data for p in params], [p.grad for p in params])  # in place

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from course_lib.autograd import Tensor, as_tensor
from course_lib.autograd_checks import float_dtype
from course_lib.functional import dropout, embedding, layer_norm

#: The activations an MLP can use between its layers.
ACTIVATIONS = {"relu": Tensor.relu, "tanh": Tensor.tanh, "sigmoid": Tensor.sigmoid}

#: Initial weight scale per activation: He (sqrt 2) for relu, which zeroes half its
#: inputs; LeCun (1) for tanh and sigmoid.
GAINS = {"relu": np.sqrt(2.0), "tanh": 1.0, "sigmoid": 1.0}


class Module:
    """The base of every layer and model: parameter collection, zero_grad, calling."""

    def forward(self, *args, **kwargs) -> Tensor:
        raise NotImplementedError

    def __call__(self, *args, **kwargs) -> Tensor:
        return self.forward(*args, **kwargs)

    def parameters(self) -> list[Tensor]:
        """Every tensor with requires_grad in this module and the modules it holds.

        Found in attribute order (lists and dicts searched too), each once even if
        shared, so the order is the same every call, as optimizers need.
        """
        found = {}  # id -> tensor; a dict keeps insertion order
        for value in vars(self).values():
            for tensor in _parameters_in(value):
                found.setdefault(id(tensor), tensor)
        return list(found.values())

    def named_parameters(self) -> dict[str, Tensor]:
        """The parameters by dotted name, in the order of :meth:`parameters` (as torch's
        ``named_parameters``: ``"h.0.attn.c_attn.weight"``)."""
        found: dict[str, Tensor] = {}
        seen: set[int] = set()
        for name, value in vars(self).items():
            for sub, tensor in _named_parameters_in(value, name):
                if id(tensor) not in seen:
                    seen.add(id(tensor))
                    found[sub] = tensor
        return found

    def zero_grad(self) -> None:
        """Set every parameter's gradient to zeros (backward adds to it)."""
        for p in self.parameters():
            p.grad = np.zeros_like(p.data)

    def to(self, dtype: object) -> Module:
        """Convert every parameter to ``dtype`` (np.float64 or np.float32), in place; self.

        float32 roughly doubles the speed of large models; the gradient check needs float64.
        """
        dtype = float_dtype(dtype)
        for p in self.parameters():
            p.data = p.data.astype(dtype)
            p.grad = np.zeros_like(p.data)
        return self


class Linear(Module):
    """y = x @ weight + bias: every output a weighted sum of every input.

    ``weight`` has shape (n_in, n_out), so a batch of examples in the rows of x
    (shape (batch, n_in)) gives outputs of shape (batch, n_out). Weights start
    random, normal with standard deviation gain / sqrt(n_in) (LeCun for gain 1,
    He for gain sqrt 2), which keeps the outputs' scale close to the inputs';
    biases start at zero.
    """

    def __init__(
        self,
        n_in: int,
        n_out: int,
        rng: int | np.random.Generator,
        bias: bool = True,
        gain: float = 1.0,
    ):
        self.n_in = _check_size(n_in, "n_in")
        self.n_out = _check_size(n_out, "n_out")
        rng = _as_generator(rng, "Linear")
        std = gain / np.sqrt(self.n_in)
        self.weight = Tensor(rng.normal(0.0, std, size=(self.n_in, self.n_out)), requires_grad=True)
        self.bias = Tensor(np.zeros(self.n_out), requires_grad=True) if bias else None

    def forward(self, x: Tensor) -> Tensor:
        x = as_tensor(x, self.weight.dtype)  # numbers and arrays in the weights' dtype
        if x.ndim == 0 or x.shape[-1] != self.n_in:
            raise ValueError(
                f"{self!r} expects inputs whose last axis has {self.n_in} features, "
                f"got shape {x.shape}"
            )
        out = x @ self.weight
        return out + self.bias if self.bias is not None else out

    def __repr__(self) -> str:
        return f"Linear({self.n_in}, {self.n_out}, bias={self.bias is not None})"


class MLP(Module):
    """A multi-layer perceptron: Linear layers with an activation between them.

    ``sizes`` lists the widths from input to output, e.g. [2, 16, 16, 1]. The
    last layer has no activation (its outputs are logits or regression values).
    Hidden layers start with the gain that suits ``activation`` (:data:`GAINS`).
    With ``dropout`` > 0, ``model(x, train=True)`` drops hidden values at that rate.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "relu",
        rng: int | np.random.Generator | None = None,
        dropout: float = 0.0,
    ):
        if not isinstance(sizes, Sequence | np.ndarray) or isinstance(sizes, str) or len(sizes) < 2:
            raise ValueError(
                f"sizes must list at least an input and an output width, e.g. [2, 16, 1], "
                f"got {sizes!r}"
            )
        sizes = [_check_size(n, "every size") for n in list(sizes)]
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
        if not isinstance(dropout, numbers.Real) or not 0 <= dropout < 1:
            raise ValueError(f"dropout must be a number with 0 <= dropout < 1, got {dropout!r}")
        self.sizes = sizes
        self.activation = activation
        self.dropout = float(dropout)
        self.rng = _as_generator(rng, "MLP")
        last = len(sizes) - 2
        self.layers = [
            Linear(n_in, n_out, self.rng, gain=1.0 if i == last else GAINS[activation])
            for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True))
        ]

    def forward(self, x: Tensor, train: bool = False) -> Tensor:
        """The outputs for inputs ``x`` of shape (batch, sizes[0]); dropout only if ``train``."""
        act = ACTIVATIONS[self.activation]
        *hidden, last = self.layers
        for layer in hidden:
            x = act(layer(x))
            if self.dropout and train:
                x = dropout(x, self.dropout, self.rng)
        return last(x)

    def __repr__(self) -> str:
        extra = f", dropout={self.dropout:g}" if self.dropout else ""
        return f"MLP({self.sizes}, activation={self.activation!r}{extra})"


class Embedding(Module):
    """A table of learned vectors, one row per id: ``Embedding(65, 128)(ids)`` is weight[ids].

    A token id becomes its row (a vector of ``embedding_dim`` numbers); the
    rows start random, normal with standard deviation ``std`` (1, as
    torch.nn.Embedding; GPT-2 uses 0.02), and training moves each row that
    was looked up.
    """

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        rng: int | np.random.Generator,
        std: float = 1.0,
    ):
        self.num_embeddings = _check_size(num_embeddings, "num_embeddings")
        self.embedding_dim = _check_size(embedding_dim, "embedding_dim")
        rng = _as_generator(rng, "Embedding")
        shape = (self.num_embeddings, self.embedding_dim)
        self.weight = Tensor(rng.normal(0.0, std, size=shape), requires_grad=True)

    def forward(self, ids: object) -> Tensor:
        return embedding(ids, self.weight)

    def __repr__(self) -> str:
        return f"Embedding({self.num_embeddings}, {self.embedding_dim})"


class LayerNorm(Module):
    """Standardize each vector over its last axis, then scale by ``weight`` and shift by ``bias``.

    weight starts at ones and bias at zeros (none if ``bias=False``, as nanoGPT
    allows), so the layer starts as plain standardization.
    """

    def __init__(self, n_features: int, bias: bool = True, eps: float = 1e-5):
        self.n_features = _check_size(n_features, "n_features")
        self.eps = float(eps)
        self.weight = Tensor(np.ones(self.n_features), requires_grad=True)
        self.bias = Tensor(np.zeros(self.n_features), requires_grad=True) if bias else None

    def forward(self, x: Tensor) -> Tensor:
        return layer_norm(x, self.weight, self.bias, self.eps)

    def __repr__(self) -> str:
        return f"LayerNorm({self.n_features}, bias={self.bias is not None})"


def _named_parameters_in(value: object, name: str) -> list[tuple[str, Tensor]]:
    if isinstance(value, Tensor):
        return [(name, value)] if value.requires_grad else []
    if isinstance(value, Module):
        return [(f"{name}.{sub}", p) for sub, p in value.named_parameters().items()]
    if isinstance(value, dict):
        value = list(value.items())
        return [pair for key, item in value for pair in _named_parameters_in(item, f"{name}.{key}")]
    if isinstance(value, list | tuple):
        return [
            pair
            for i, item in enumerate(value)
            for pair in _named_parameters_in(item, f"{name}.{i}")
        ]
    return []


def _parameters_in(value: object) -> list[Tensor]:
    if isinstance(value, Tensor):
        return [value] if value.requires_grad else []
    if isinstance(value, Module):
        return value.parameters()
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return [p for item in value for p in _parameters_in(item)]
    return []


def _check_size(n: object, name: str) -> int:
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 1:
        raise ValueError(f"{name} must be a positive integer, got {n!r}")
    return int(n)


def _as_generator(rng: object, owner: str) -> np.random.Generator:
    """A Generator from a seed or a Generator; the weights start random, so one is required."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"{owner} needs rng: a seed (int) or np.random.default_rng(seed), so that its random "
        f"start is reproducible; got {rng!r}"
    )
