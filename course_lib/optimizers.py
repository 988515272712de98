"""Optimizers: the rules that turn a gradient into a step.

Every optimizer has the same small interface::

    opt = Adam(lr=0.1)
    opt.step(params, grads)   # updates each array in params IN PLACE
    opt.reset()               # forgets its running averages

``params`` and ``grads`` are lists of numpy arrays of matching shapes (an
autograd engine passes its tensors' ``.data`` and ``.grad``). The optimizer
keeps its state (velocity, running averages) per position in that list, so
pass the parameters in the same order every step.

The update rules follow PyTorch's ``torch.optim`` exactly (tests check it step
for step), written out so that each reads in a few lines:

- :class:`GradientDescent`: theta <- theta - lr * g
- :class:`Momentum` (heavy ball): v <- beta * v + g;  theta <- theta - lr * v
- :class:`RMSProp`: s <- alpha * s + (1 - alpha) * g^2;  theta <- theta - lr * g / (sqrt(s) + eps)
- :class:`Adam`: running averages of g and g^2, corrected for starting at zero.
- :class:`AdamW`: Adam, and every step shrinks the weights: theta <- theta (1 - lr * wd)
  (decoupled weight decay, Loshchilov & Hutter 2019; GPT-2 and nanoGPT train with it).

:func:`clip_grad_norm` scales all gradients down together when their joint
length is above a limit (a transformer's safety belt against one bad batch).

:func:`make_optimizer` makes one by its name in :data:`OPTIMIZERS`;
:func:`optimize_path` rolls an optimizer over a 2-D landscape
(:mod:`course_lib.landscapes`) and records the path, stopping cleanly if it
diverges.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from course_lib.landscapes import Landscape
from course_lib.stability import diverged
from course_lib.validation import check_count, check_positive, check_scalar

#: A run also counts as diverged once a parameter is larger than this, where its loss alone
#: might not say so (far out along Rosenbrock's valley floor the loss stays small). The loss
#: threshold is the course's one, ``stability.DIVERGED_LOSS``.
MAX_PARAMETER = 1e6


def _check_beta(beta: float, name: str) -> float:
    """A decay rate: a number with 0 <= beta < 1."""
    return check_scalar(
        beta,
        name,
        minimum=0,
        maximum=1,
        include_maximum=False,
        expected=f"a number with 0 <= {name} < 1",
    )


class Optimizer:
    """The shared part: argument checks, per-parameter state and reset.

    A subclass writes one method, ``update(i, param, grad)``, that changes
    ``param`` in place using ``self.state[i]`` (a dict it may fill).
    """

    def __init__(self, lr: float):
        self.lr = check_positive(lr, "lr")
        self.state: dict[int, dict[str, np.ndarray | int]] = {}

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Move every parameter one step against its gradient, in place."""
        if isinstance(params, np.ndarray) or isinstance(grads, np.ndarray):
            raise TypeError("params and grads must be lists of arrays, e.g. step([w, b], [dw, db])")
        if len(params) != len(grads):
            raise ValueError(f"got {len(params)} params but {len(grads)} grads")
        for i, (param, grad) in enumerate(zip(params, grads, strict=True)):
            if not isinstance(param, np.ndarray) or not np.issubdtype(param.dtype, np.floating):
                raise TypeError(
                    f"params[{i}] must be a float numpy array (it is updated in place), "
                    f"got {type(param).__name__}"
                    + (f" of dtype {param.dtype}" if isinstance(param, np.ndarray) else "")
                )
            grad = np.asarray(grad, dtype=param.dtype)
            if grad.shape != param.shape:
                raise ValueError(
                    f"grads[{i}] has shape {grad.shape} but params[{i}] has shape {param.shape}"
                )
            self.update(i, param, grad)

    def update(self, i: int, param: np.ndarray, grad: np.ndarray) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        """Forget all state (velocities, running averages, step counts)."""
        self.state = {}

    def _hyperparameters(self) -> dict[str, float]:
        return {"lr": self.lr}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v:g}" for k, v in self._hyperparameters().items())
        return f"{type(self).__name__}({args})"


class GradientDescent(Optimizer):
    """Plain gradient descent: theta <- theta - lr * g (torch.optim.SGD without momentum)."""

    def __init__(self, lr: float = 1e-3):
        super().__init__(lr)

    def update(self, i, param, grad):
        param -= self.lr * grad


class Momentum(Optimizer):
    """Heavy-ball momentum: v <- beta * v + g;  theta <- theta - lr * v.

    The velocity v remembers past gradients, so steps that agree add up and
    steps that zig-zag cancel. This is torch.optim.SGD(lr, momentum=beta) and
    the form in Goh, "Why Momentum Really Works" (Distill, 2017).
    """

    def __init__(self, lr: float = 1e-3, beta: float = 0.9):
        super().__init__(lr)
        self.beta = _check_beta(beta, "beta")

    def update(self, i, param, grad):
        state = self.state.setdefault(i, {"velocity": np.zeros_like(param)})
        velocity = state["velocity"]
        velocity *= self.beta
        velocity += grad
        param -= self.lr * velocity

    def _hyperparameters(self):
        return {"lr": self.lr, "beta": self.beta}


class RMSProp(Optimizer):
    """RMSProp: divide each step by a running root-mean-square of its gradients.

    s <- alpha * s + (1 - alpha) * g^2;  theta <- theta - lr * g / (sqrt(s) + eps)

    Steep directions (large g) get small steps, flat ones large steps. This is
    torch.optim.RMSprop with its defaults (eps added outside the square root).
    """

    def __init__(self, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8):
        super().__init__(lr)
        self.alpha = _check_beta(alpha, "alpha")
        self.eps = check_positive(eps, "eps")

    def update(self, i, param, grad):
        state = self.state.setdefault(i, {"square_avg": np.zeros_like(param)})
        square_avg = state["square_avg"]
        square_avg *= self.alpha
        square_avg += (1 - self.alpha) * grad * grad
        param -= self.lr * grad / (np.sqrt(square_avg) + self.eps)

    def _hyperparameters(self):
        return {"lr": self.lr, "alpha": self.alpha, "eps": self.eps}


class Adam(Optimizer):
    """Adam: momentum and RMSProp together, with bias correction.

    m <- beta1 * m + (1 - beta1) * g          (running mean of g)
    v <- beta2 * v + (1 - beta2) * g^2        (running mean of g^2)
    m_hat = m / (1 - beta1^t),  v_hat = v / (1 - beta2^t)   (m and v start at 0)
    theta <- theta - lr * m_hat / (sqrt(v_hat) + eps)

    As torch.optim.Adam (Kingma & Ba, 2015), t counting this parameter's steps.
    """

    def __init__(
        self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ):
        super().__init__(lr)
        self.beta1 = _check_beta(beta1, "beta1")
        self.beta2 = _check_beta(beta2, "beta2")
        self.eps = check_positive(eps, "eps")

    def update(self, i, param, grad):
        state = self.state.setdefault(
            i, {"t": 0, "m": np.zeros_like(param), "v": np.zeros_like(param)}
        )
        state["t"] += 1
        m, v, t = state["m"], state["v"], state["t"]
        m *= self.beta1
        m += (1 - self.beta1) * grad
        v *= self.beta2
        v += (1 - self.beta2) * grad * grad
        m_hat = m / (1 - self.beta1**t)
        v_hat = v / (1 - self.beta2**t)
        param -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def _hyperparameters(self):
        return {"lr": self.lr, "beta1": self.beta1, "beta2": self.beta2, "eps": self.eps}


class AdamW(Adam):
    """Adam with decoupled weight decay: theta <- theta (1 - lr * weight_decay), then Adam.

    The decay pulls every weight toward zero by the same fraction each step,
    apart from the gradient's running averages (in Adam with an L2 penalty the
    pull would be divided by sqrt(v_hat) like the gradient). As torch.optim.AdamW;
    nanoGPT decays only matrices and embeddings, so give biases and layer-norm
    weights their own AdamW with weight_decay=0.
    """

    def __init__(
        self,
        lr: float = 1e-3,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
    ):
        super().__init__(lr, beta1, beta2, eps)
        self.weight_decay = check_scalar(weight_decay, "weight_decay", minimum=0)

    def update(self, i, param, grad):
        param *= 1 - self.lr * self.weight_decay
        super().update(i, param, grad)

    def _hyperparameters(self):
        return {**super()._hyperparameters(), "weight_decay": self.weight_decay}


def clip_grad_norm(grads: Sequence[np.ndarray], max_norm: float) -> float:
    """Scale ``grads`` in place so that their joint norm is at most ``max_norm``; the norm before.

    The norm is sqrt(sum of every squared gradient entry), over all arrays together,
    so the direction of the step is kept and only its length is limited. As
    torch.nn.utils.clip_grad_norm_ (which divides by norm + 1e-6).
    """
    max_norm = check_positive(max_norm, "max_norm")
    if isinstance(grads, np.ndarray):
        raise TypeError("grads must be a list of arrays, e.g. clip_grad_norm([dw, db], 1.0)")
    total = float(np.sqrt(sum(float(np.vdot(g, g)) for g in grads)))
    scale = max_norm / (total + 1e-6)
    if scale < 1:
        for g in grads:
            g *= scale
    return total


#: Every optimizer of the lesson by name, for a dropdown.
OPTIMIZERS = {
    "gradient descent": GradientDescent,
    "momentum": Momentum,
    "RMSProp": RMSProp,
    "Adam": Adam,
}


def make_optimizer(name: str, lr: float, beta: float = 0.9) -> Optimizer:
    """The optimizer called ``name`` in :data:`OPTIMIZERS` with this lr (and β, for momentum).

    The others keep their own defaults, so one lr and one β set up a fair race.
    """
    if name not in OPTIMIZERS:
        raise ValueError(f"name must be one of {list(OPTIMIZERS)}, got {name!r}")
    if name == "momentum":
        return Momentum(lr=lr, beta=beta)
    return OPTIMIZERS[name](lr=lr)


@dataclass(frozen=True)
class Path:
    """Where an optimizer went on a landscape.

    ``path[t]`` is theta after t steps and ``losses[t]`` the loss there. If the
    run diverged, ``diverged_at`` is the first step whose point was not finite
    or too large; ``path`` and ``losses`` are NaN from there on, so a plot
    simply stops at the last sensible point.
    """

    path: np.ndarray  # (steps + 1, 2)
    losses: np.ndarray  # (steps + 1,)
    diverged: bool
    diverged_at: int | None

    @property
    def last(self) -> np.ndarray:
        """The last finite point of the path."""
        end = len(self.path) if self.diverged_at is None else self.diverged_at
        return self.path[end - 1]


def optimize_path(
    landscape: Landscape,
    optimizer: Optimizer,
    start: Sequence[float],
    steps: int,
    schedule: Callable[[int], float] | None = None,
) -> Path:
    """Run ``steps`` steps of ``optimizer`` on ``landscape`` from ``start``.

    The optimizer itself is not changed: the run uses a fresh copy of it, so
    the same call always gives the same path. ``schedule(t)``, if given, sets
    the learning rate before step t (t = 0, 1, ...), e.g.
    ``functools.partial(schedules.cosine_decay, lr_max=0.1, total_steps=steps)``.

    A run that diverges (a loss past ``stability.DIVERGED_LOSS``, a parameter
    beyond MAX_PARAMETER, or anything not finite) stops there and is marked
    diverged; no numpy overflow warning reaches you.
    """
    if not isinstance(landscape, Landscape):
        raise TypeError(f"landscape must be a Landscape, got {type(landscape).__name__}")
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an Optimizer, got {type(optimizer).__name__}")
    theta = np.array(start, dtype=float)
    if theta.shape != (2,) or not np.all(np.isfinite(theta)):
        raise ValueError(f"start must be two finite numbers (x, y), got {start!r}")
    steps = check_count(steps, "steps", minimum=0)
    if schedule is not None and not callable(schedule):
        raise TypeError(f"schedule must be a function of the step t, got {schedule!r}")

    optimizer = copy.deepcopy(optimizer)
    optimizer.reset()
    path = np.full((steps + 1, 2), np.nan)
    losses = np.full(steps + 1, np.nan)
    path[0], losses[0] = theta, landscape.value(theta)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for t in range(steps):
            if schedule is not None:
                lr = float(schedule(t))
                if not np.isfinite(lr) or lr < 0:
                    raise ValueError(f"schedule({t}) must be a finite lr >= 0, got {lr!r}")
                optimizer.lr = lr
            # theta and its gradient are ours and well-formed: skip step()'s checks.
            optimizer.update(0, theta, landscape.gradient(theta))
            loss = landscape.value(theta)
            if (
                not np.all(np.isfinite(theta))
                or np.max(np.abs(theta)) > MAX_PARAMETER
                or diverged(loss)
            ):
                return Path(path, losses, diverged=True, diverged_at=t + 1)
            path[t + 1], losses[t + 1] = theta, loss
    return Path(path, losses, diverged=False, diverged_at=None)
