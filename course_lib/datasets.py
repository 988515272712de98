"""Small datasets the course ships in data/ or makes with a fixed seed (never downloaded)."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def data_path(name: str) -> Path:
    """The path of a file the course ships in data/, with a clear error if it is missing."""
    path = DATA_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"the course data file {name!r} is missing from {DATA_DIR}")
    return path


def tiny_shakespeare() -> str:
    """Karpathy's tiny Shakespeare: 1,115,394 characters of Shakespeare's plays, as one str."""
    return data_path("tinyshakespeare.txt").read_text(encoding="utf-8")
