"""Make data/tiny_gpt.npz: the small GPT lesson 07 samples from, trained on tiny Shakespeare.

    python data/make_tiny_gpt.py [--steps 3000] [--out data/tiny_gpt.npz]

A character-level GPT (2 layers, 4 heads, 64-wide, context 128) trained on the course's
own engine with the course's AdamW (course_lib.tiny_gpt.train_gpt, seed 0) on the first
90% of the characters; the last 10% are held out. The weights are stored in float16 with
the training curve. Run with one BLAS thread (OMP_NUM_THREADS=1) for the same bytes as
the committed file: a different BLAS or thread count may round differently.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

from course_lib.datasets import tiny_shakespeare
from course_lib.gpt import GPTConfig
from course_lib.tiny_gpt import save_weights, train_gpt
from course_lib.tokens import learn_bpe

OUT = Path(__file__).resolve().parent / "tiny_gpt.npz"
CONFIG = GPTConfig(block_size=128, vocab_size=65, n_layer=2, n_head=4, n_embd=64)
STEPS, LR, BATCH_SIZE, SEED = 3000, 2e-3, 16, 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = tiny_shakespeare()
    ids = learn_bpe(text, 0).encode(text)
    cut = int(0.9 * len(ids))
    started = time.perf_counter()

    def progress(step: int, loss: float) -> None:
        if step % 100 == 0:
            print(
                f"step {step}: loss {loss:.3f} ({time.perf_counter() - started:.0f} s)", flush=True
            )

    run = train_gpt(
        CONFIG,
        ids[:cut],
        ids[cut:],
        args.steps,
        LR,
        BATCH_SIZE,
        SEED,
        eval_every=250,
        eval_batches=20,
        callback=progress,
    )
    save_weights(
        run.model,
        args.out,
        train_losses=run.train_losses.astype(np.float32),
        eval_steps=run.eval_steps,
        val_losses=run.val_losses,
        lr=np.array(LR),
        batch_size=np.array(BATCH_SIZE),
        seed=np.array(SEED),
    )
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"validation loss {run.val_loss:.4f}; wrote {args.out} (sha256 {digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
