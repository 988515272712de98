"""Time one training step of a small MLP on the course's autograd engine and in torch.

    python benchmarks/engine_step.py [--steps 600] [--threads 1] [--hidden-layers 1]

One step = zero the gradients, forward, cross-entropy, backward, Adam step, on
one batch (default: 64 examples, 32 inputs, hidden width 128, 10 classes; with
``--hidden-layers 1`` that is two Linear layers, 32 -> 128 -> 10). Reports the
median step time for our engine (float64, with course_lib.optimizers.Adam) and,
if torch is installed, for the same model in torch on the CPU (float64 as ours,
and float32, torch's default), with their ratio. Writes
benchmarks/results/engine_step.json.

Fair on a shared machine: both libraries use the same number of BLAS threads
(default 1: with 2 threads, another process on one core stalls every matrix
product), and the engines run in interleaved rounds, so that a change in the
machine's load hits all of them alike.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from course_lib.functional import cross_entropy
from course_lib.nn import MLP
from course_lib.optimizers import Adam

RESULTS = Path(__file__).resolve().parent / "results" / "engine_step.json"


def batch(args: argparse.Namespace) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(args.batch, args.inputs))
    y = rng.integers(0, args.classes, size=args.batch)
    return x, y


def sizes(args: argparse.Namespace) -> list[int]:
    return [args.inputs, *[args.width] * args.hidden_layers, args.classes]


class Timer:
    """Wall times of one kind of step, collected over interleaved rounds."""

    def __init__(self, step: Callable[[], None]):
        self.step = step
        self.times: list[float] = []

    def run(self, steps: int) -> None:
        for _ in range(steps):
            start = time.perf_counter()
            self.step()
            self.times.append(time.perf_counter() - start)

    def median_ms(self) -> float:
        return 1000 * statistics.median(self.times)


def our_step(args: argparse.Namespace) -> tuple[Callable[[], None], dict[str, list[float]]]:
    """One training step on our engine, and the per-phase times it records."""
    x, y = batch(args)
    model = MLP(sizes(args), "relu", rng=0)
    params = model.parameters()
    opt = Adam(lr=1e-3)
    phases = {"forward_ms": [], "backward_ms": [], "optimizer_ms": []}

    def step():
        t0 = time.perf_counter()
        model.zero_grad()
        loss = cross_entropy(model(x), y)
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        opt.step([p.data for p in params], [p.grad for p in params])
        t3 = time.perf_counter()
        for name, seconds in zip(phases, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            phases[name].append(seconds)

    return step, phases


def torch_step(args: argparse.Namespace, dtype_name: str) -> Callable[[], None]:
    """The same step in torch: same sizes, nn.Linear layers, torch.optim.Adam."""
    import torch

    dtype = getattr(torch, dtype_name)
    x, y = batch(args)
    xt, yt = torch.tensor(x, dtype=dtype), torch.tensor(y)
    layers = []
    widths = sizes(args)
    for n_in, n_out in zip(widths[:-1], widths[1:], strict=True):
        layers += [torch.nn.Linear(n_in, n_out, dtype=dtype), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(xt), yt)
        loss.backward()
        opt.step()

    return step


def limit_threads(threads: int) -> str:
    """Use ``threads`` BLAS threads in numpy and in torch; say what was set."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return "numpy: threadpoolctl missing, BLAS threads as set by the environment"
    threadpool_limits(threads)
    return f"numpy BLAS: {threads}"


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform()}
    info["numpy"] = np.__version__
    try:
        from threadpoolctl import threadpool_info

        info["blas"] = [
            {k: pool.get(k) for k in ("internal_api", "num_threads")} for pool in threadpool_info()
        ]
    except ImportError:
        pass
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=600, help="timed steps per engine")
    parser.add_argument("--rounds", type=int, default=12, help="interleaved rounds")
    parser.add_argument("--warmup", type=int, default=30, help="untimed steps first")
    parser.add_argument("--threads", type=int, default=1, help="BLAS / torch threads")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--inputs", type=int, default=32)
    parser.add_argument("--width", type=int, default=128)
    parser.add_argument("--hidden-layers", type=int, default=1)
    parser.add_argument("--classes", type=int, default=10)
    args = parser.parse_args(argv)

    results: dict = {"config": vars(args), "sizes": sizes(args)}
    threads_note = limit_threads(args.threads)
    step, phases = our_step(args)
    timers = {"ours": Timer(step)}
    try:
        import torch
    except ImportError:
        torch = None
    else:
        torch.set_num_threads(args.threads)
        threads_note += f", torch: {torch.get_num_threads()}"
        timers["torch_float64"] = Timer(torch_step(args, "float64"))
        timers["torch_float32"] = Timer(torch_step(args, "float32"))
    results["machine"] = machine()
    results["machine"]["threads"] = threads_note
    if torch is not None:
        results["machine"]["torch"] = torch.__version__

    # Interleaved rounds: a change in the machine's load hits every engine alike.
    for timer in timers.values():
        timer.run(args.warmup)
        timer.times.clear()
    for values in phases.values():
        values.clear()
    per_round = max(1, args.steps // args.rounds)
    for _ in range(args.rounds):
        for timer in timers.values():
            timer.run(per_round)

    ours = timers["ours"].median_ms()
    results["ours"] = {
        "step_ms": ours,
        **{name: 1000 * statistics.median(times) for name, times in phases.items()},
    }
    print(
        f"MLP {sizes(args)}, batch {args.batch}, threads {args.threads}: "
        f"median of {per_round * args.rounds} training steps (zero_grad, forward, "
        "cross-entropy, backward, Adam)"
    )
    r = results["ours"]
    print(
        f"  ours  (numpy, float64)  {ours:7.3f} ms   (forward + loss {r['forward_ms']:.3f}, "
        f"backward {r['backward_ms']:.3f}, Adam {r['optimizer_ms']:.3f})"
    )
    if torch is None:
        print("  torch is not installed: no comparison")
    else:
        results["torch"] = {}
        for dtype_name in ("float64", "float32"):
            ms = timers[f"torch_{dtype_name}"].median_ms()
            results["torch"][dtype_name] = {"step_ms": ms, "ours_over_torch": ours / ms}
            print(f"  torch (CPU, {dtype_name})    {ms:7.3f} ms   ours / torch = {ours / ms:.2f}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"Written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
