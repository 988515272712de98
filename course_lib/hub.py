"""Links that put the course into every student's JupyterHub home (nbgitpuller).

A student who clicks the link logs in to the hub; nbgitpuller clones the
repository into their home (or, on later clicks, pulls what changed without
overwriting their edits) and opens the notebook in JupyterLab.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit


def repository_folder(repo: str) -> str:
    """The folder nbgitpuller clones ``repo`` into: its last path part, without ``.git``."""
    name = urlsplit(repo).path.rstrip("/").rsplit("/", 1)[-1]
    return name.removesuffix(".git")


def nbgitpuller_link(
    hub: str,
    repo: str,
    path: str = "index.ipynb",
    branch: str = "main",
    app: str = "lab",
) -> str:
    """``https://HUB/hub/user-redirect/git-pull?repo=...&urlpath=lab/tree/...&branch=...``.

    ``hub`` is the hub's address (``https://hub.example.edu``, ``hub.example.edu``
    or with a path prefix); ``repo`` the git repository holding the student
    edition; ``path`` the notebook to open, inside that repository. Every value
    is URL-encoded.
    """
    if not hub or not repo:
        raise ValueError(f"hub and repo are both needed, got hub={hub!r}, repo={repo!r}")
    if app not in ("lab", "tree"):
        raise ValueError(f"app must be 'lab' (JupyterLab) or 'tree' (classic), got {app!r}")
    base = hub.rstrip("/")
    if "://" not in base:
        base = f"https://{base}"
    tree = "lab/tree" if app == "lab" else "tree"
    urlpath = f"{tree}/{repository_folder(repo)}/{path.lstrip('/')}"
    query = "&".join(
        f"{key}={quote(value, safe='')}"
        for key, value in (("repo", repo), ("urlpath", urlpath), ("branch", branch))
    )
    return f"{base}/hub/user-redirect/git-pull?{query}"
