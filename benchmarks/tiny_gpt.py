"""Train the course's GPT and the same model in PyTorch on tiny Shakespeare, side by side.

    python benchmarks/tiny_gpt.py [--iters 2000] [--eval-iters 200] [--skip-torch]
                                  [--dtype float32|float64] [--eval-interval 250]

nanoGPT's shakespeare_char run on a CPU: a character vocabulary (65), the first
90% of the characters to train on and the last 10% to validate, 4 layers, 4
heads, 128-wide embeddings, context 64, batch 12, 2,000 iterations, no dropout,
no biases, lr 1e-3 with 100 warm-up steps and a cosine decay to 1e-4, AdamW
(beta2 0.99, weight decay 0.1 on matrices and embeddings), gradient clipping at
1.0. nanoGPT's README reports a validation loss of about 1.88 for this run.

Both models start from the same weights (ours copied into torch) and see the
same batches; the steps alternate (one of ours, one of torch's), so a change in
the machine's load hits both alike. Each library uses one thread. Reports the
validation loss each reached, the median time of a training step (wall clock
and the process's CPU time, which other processes on a shared machine disturb
less) and the ratio; writes benchmarks/results/tiny_gpt.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from course_lib.autograd import no_grad
from course_lib.datasets import tiny_shakespeare
from course_lib.gpt import GPT, GPTConfig, decay_groups, generate, get_batch
from course_lib.optimizers import AdamW, clip_grad_norm
from course_lib.schedules import cosine_decay
from course_lib.tokens import learn_bpe

RESULTS = Path(__file__).resolve().parent / "results" / "tiny_gpt.json"

# -- nanoGPT's config/train_shakespeare_char.py, with its README's CPU settings ---------------
BLOCK_SIZE, BATCH_SIZE = 64, 12
N_LAYER, N_HEAD, N_EMBD = 4, 4, 128
MAX_ITERS, EVAL_INTERVAL, EVAL_ITERS = 2000, 250, 200
LEARNING_RATE, MIN_LR, WARMUP_ITERS = 1e-3, 1e-4, 100
BETA1, BETA2, WEIGHT_DECAY, GRAD_CLIP = 0.9, 0.99, 0.1, 1.0
NANOGPT_VAL_LOSS = 1.88  # nanoGPT's README for this run on a CPU
TARGET_LOSS_GAP, TARGET_TIME_RATIO = 0.05, 1.5


def load_data() -> tuple[np.ndarray, np.ndarray, int]:
    """Character ids of tiny Shakespeare: the first 90% to train, the rest to validate."""
    text = tiny_shakespeare()
    ids = learn_bpe(text, 0).encode(text)  # no merges: one token per character
    n = int(0.9 * len(ids))
    return ids[:n], ids[n:], int(ids.max()) + 1


class Ours:
    """Our GPT on the course's engine, with course_lib's AdamW and clipping."""

    name = "ours"

    def __init__(self, config: GPTConfig, dtype: str, seed: int):
        self.model = GPT(config, rng=seed).to(getattr(np, dtype))
        self.params = self.model.parameters()
        decay, no_decay = decay_groups(self.model)
        self.groups = [
            (AdamW(LEARNING_RATE, BETA1, BETA2, weight_decay=WEIGHT_DECAY), decay),
            (AdamW(LEARNING_RATE, BETA1, BETA2, weight_decay=0.0), no_decay),
        ]

    def step(self, x: np.ndarray, y: np.ndarray, lr: float) -> float:
        self.model.zero_grad()
        _, loss = self.model(x, y)
        loss.backward()
        clip_grad_norm([p.grad for p in self.params], GRAD_CLIP)
        for opt, group in self.groups:
            opt.lr = lr
            opt.step([p.data for p in group], [p.grad for p in group])
        return loss.item()

    def loss(self, x: np.ndarray, y: np.ndarray) -> float:
        with no_grad():
            return self.model(x, y)[1].item()


def torch_twin(ours: GPT):
    """The same GPT written in torch (nanoGPT's structure), starting from our weights."""
    import torch
    from torch import nn
    from torch.nn import functional as F

    cfg = ours.config

    class CausalSelfAttention(nn.Module):
        def __init__(self):
            super().__init__()
            self.c_attn = nn.Linear(cfg.n_embd, 3 * cfg.n_embd, bias=cfg.bias)
            self.c_proj = nn.Linear(cfg.n_embd, cfg.n_embd, bias=cfg.bias)

        def forward(self, x):
            b, t, c = x.shape
            q, k, v = self.c_attn(x).split(c, dim=2)
            q, k, v = (z.view(b, t, cfg.n_head, c // cfg.n_head).transpose(1, 2) for z in (q, k, v))
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            return self.c_proj(y.transpose(1, 2).reshape(b, t, c))

    class MLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.c_fc = nn.Linear(cfg.n_embd, 4 * cfg.n_embd, bias=cfg.bias)
            self.c_proj = nn.Linear(4 * cfg.n_embd, cfg.n_embd, bias=cfg.bias)

        def forward(self, x):
            return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln_1 = nn.LayerNorm(cfg.n_embd, bias=cfg.bias)
            self.attn = CausalSelfAttention()
            self.ln_2 = nn.LayerNorm(cfg.n_embd, bias=cfg.bias)
            self.mlp = MLP()

        def forward(self, x):
            x = x + self.attn(self.ln_1(x))
            return x + self.mlp(self.ln_2(x))

    class TorchGPT(nn.Module):
        def __init__(self):
            super().__init__()
            self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
            self.wpe = nn.Embedding(cfg.block_size, cfg.n_embd)
            self.h = nn.ModuleList([Block() for _ in range(cfg.n_layer)])
            self.ln_f = nn.LayerNorm(cfg.n_embd, bias=cfg.bias)

        def forward(self, idx, targets):
            x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))
            for block in self.h:
                x = block(x)
            logits = F.linear(self.ln_f(x), self.wte.weight)  # weight tying, as ours
            return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))

    model = TorchGPT()
    ours_named = ours.named_parameters()
    with torch.no_grad():
        for name, p in model.named_parameters():
            value = ours_named[name].data.astype(np.float32)
            linear = p.ndim == 2 and not name.startswith(("wte", "wpe"))
            p.copy_(torch.from_numpy(value.T.copy() if linear else value))
    return model


class Torch:
    """The torch twin, with torch.optim.AdamW and torch.nn.utils.clip_grad_norm_ (float32)."""

    name = "torch"

    def __init__(self, ours: GPT):
        import torch

        self.torch = torch
        self.model = torch_twin(ours)
        decay = [p for p in self.model.parameters() if p.ndim >= 2]
        no_decay = [p for p in self.model.parameters() if p.ndim < 2]
        self.opt = torch.optim.AdamW(
            [{"params": decay, "weight_decay": WEIGHT_DECAY}, {"params": no_decay}],
            lr=LEARNING_RATE,
            betas=(BETA1, BETA2),
            weight_decay=0.0,
        )

    def step(self, x: np.ndarray, y: np.ndarray, lr: float) -> float:
        for group in self.opt.param_groups:
            group["lr"] = lr
        loss = self.model(self.torch.from_numpy(x), self.torch.from_numpy(y))
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.torch.nn.utils.clip_grad_norm_(self.model.parameters(), GRAD_CLIP)
        self.opt.step()
        return loss.item()

    def loss(self, x: np.ndarray, y: np.ndarray) -> float:
        with self.torch.no_grad():
            return self.model(self.torch.from_numpy(x), self.torch.from_numpy(y)).item()


class Run:
    """One model's training: its own batch stream (the same seed for both), step times, losses."""

    def __init__(self, engine, train: np.ndarray, seed: int):
        self.engine, self.train = engine, train
        self.rng = np.random.default_rng(seed)
        self.wall, self.cpu, self.train_losses = [], [], []
        self.evals: list[dict] = []

    def step(self, lr: float) -> None:
        x, y = get_batch(self.train, BLOCK_SIZE, BATCH_SIZE, self.rng)
        wall, cpu = time.perf_counter(), time.process_time()
        self.train_losses.append(self.engine.step(x, y, lr))
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)

    def evaluate(self, it: int, splits: dict[str, np.ndarray], eval_iters: int) -> dict:
        """Mean loss over eval_iters batches of each split (the same batches for both models)."""
        result = {"iter": it}
        for split, data in splits.items():
            rng = np.random.default_rng(1234)
            losses = [
                self.engine.loss(*get_batch(data, BLOCK_SIZE, BATCH_SIZE, rng))
                for _ in range(eval_iters)
            ]
            result[split] = float(np.mean(losses))
        self.evals.append(result)
        return result


def limit_threads() -> str:
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return "numpy: threadpoolctl missing, BLAS threads as set by the environment"
    threadpool_limits(1)
    return "numpy BLAS: 1"


def train(args: argparse.Namespace) -> tuple[dict, GPT]:
    """Train both models side by side; the results and our trained model."""
    train_ids, val_ids, vocab = load_data()
    config = GPTConfig(BLOCK_SIZE, vocab, N_LAYER, N_HEAD, N_EMBD, bias=False)
    threads = limit_threads()
    ours = Ours(config, args.dtype, seed=args.seed)
    runs = [Run(ours, train_ids, args.seed)]
    if not args.skip_torch:
        import torch

        torch.manual_seed(args.seed)
        torch.set_num_threads(1)
        threads += f", torch: {torch.get_num_threads()}"
        runs.append(Run(Torch(ours.model), train_ids, args.seed))
    print(
        f"GPT {N_LAYER} layers, {N_HEAD} heads, width {N_EMBD}, context {BLOCK_SIZE}, batch "
        f"{BATCH_SIZE}, vocabulary {vocab}: {ours.model.n_params() / 1e6:.2f}M parameters; "
        f"{args.iters} iterations; ours in {args.dtype}, torch in float32; {threads}"
    )
    schedule: Callable[[int], float] = lambda t: cosine_decay(  # noqa: E731
        t, LEARNING_RATE, args.iters, MIN_LR, min(WARMUP_ITERS, args.iters - 1)
    )
    splits = {"train": train_ids, "val": val_ids}
    started = time.perf_counter()
    for it in range(args.iters + 1):
        if it % args.eval_interval == 0 or it == args.iters:
            for run in runs:
                e = run.evaluate(it, splits, args.eval_iters)
                print(
                    f"  {run.engine.name:>5} iter {it:5d}: train {e['train']:.4f}, "
                    f"val {e['val']:.4f}  ({time.perf_counter() - started:.0f} s)",
                    flush=True,
                )
        if it == args.iters:
            break
        for run in runs:  # alternate: one step each
            run.step(float(schedule(it)))
    return report(args, runs, config), ours.model


def report(args: argparse.Namespace, runs: list[Run], config: GPTConfig) -> dict:
    results: dict = {"config": vars(args) | {"gpt": config.__dict__}}
    for run in runs:
        results[run.engine.name] = {
            "val_loss": run.evals[-1]["val"],
            "train_loss": run.evals[-1]["train"],
            "evals": run.evals,
            "step_ms_wall": 1000 * statistics.median(run.wall),
            "step_ms_cpu": 1000 * statistics.median(run.cpu),
        }
    ours = results["ours"]
    print(f"\nafter {args.iters} iterations (eval over {args.eval_iters} batches per split):")
    for name in [run.engine.name for run in runs]:
        r = results[name]
        print(
            f"  {name:>5}: val loss {r['val_loss']:.4f}, step {r['step_ms_cpu']:.1f} ms CPU, "
            f"{r['step_ms_wall']:.1f} ms wall (median)"
        )
    gap = ours["val_loss"] - NANOGPT_VAL_LOSS
    verdict = "PASS" if abs(gap) <= TARGET_LOSS_GAP else "MISS"
    print(f"  ours vs nanoGPT's {NANOGPT_VAL_LOSS}: {gap:+.3f}  [{verdict}, target +-0.05]")
    if "torch" in results:
        ratio = ours["step_ms_cpu"] / results["torch"]["step_ms_cpu"]
        wall_ratio = ours["step_ms_wall"] / results["torch"]["step_ms_wall"]
        results["ours_over_torch_cpu"], results["ours_over_torch_wall"] = ratio, wall_ratio
        verdict = "PASS" if ratio <= TARGET_TIME_RATIO else "MISS"
        print(
            f"  step time ours / torch: {ratio:.2f} CPU, {wall_ratio:.2f} wall  "
            f"[{verdict}, target <= {TARGET_TIME_RATIO}]"
        )
        print(f"  val loss ours - torch: {ours['val_loss'] - results['torch']['val_loss']:+.4f}")
    return results


def sample_text(model: GPT, n_chars: int, seed: int) -> str:
    """``n_chars`` characters sampled from ``model`` after a newline (as nanoGPT's sample.py)."""
    text = tiny_shakespeare()
    bpe = learn_bpe(text, 0)
    start = bpe.encode("\n")[None, :]
    return bpe.decode(generate(model, start, n_chars, temperature=0.8, seed=seed)[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iters", type=int, default=MAX_ITERS)
    parser.add_argument("--eval-iters", type=int, default=EVAL_ITERS, help="batches per eval")
    parser.add_argument("--eval-interval", type=int, default=EVAL_INTERVAL)
    parser.add_argument("--skip-torch", action="store_true", help="train only our engine")
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--sample", type=int, default=300, help="characters to sample after")
    parser.add_argument("--seed", type=int, default=1337)
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the json")
    args = parser.parse_args(argv)
    if args.iters < 2:
        parser.error("--iters must be at least 2")
    results, model = train(args)
    if args.sample:
        text = sample_text(model, args.sample, args.seed)
        results["ours"]["sample"] = text
        print(f"\nour model, {args.sample} characters at temperature 0.8:\n{text}")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(f"Written to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
