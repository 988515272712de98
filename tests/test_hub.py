"""nbgitpuller links: the format JupyterHub's git-pull endpoint reads, every value encoded."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from course_lib.hub import nbgitpuller_link, repository_folder

REPO = "https://github.com/example-school/how-ai-learns-student"


def test_link_has_nbgitpullers_format_with_every_value_url_encoded():
    link = nbgitpuller_link("https://hub.example.edu", REPO, "00_training_loop.ipynb")
    assert link == (
        "https://hub.example.edu/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgithub.com%2Fexample-school%2Fhow-ai-learns-student"
        "&urlpath=lab%2Ftree%2Fhow-ai-learns-student%2F00_training_loop.ipynb"
        "&branch=main"
    )


def test_link_decodes_back_to_the_values_given():
    link = nbgitpuller_link("hub.example.edu/", REPO + ".git", "week 1/index.ipynb", "fall-2026")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "hub.example.edu",
        "/hub/user-redirect/git-pull",
    )
    query = parse_qs(parts.query)
    assert query == {
        "repo": [REPO + ".git"],
        "urlpath": ["lab/tree/how-ai-learns-student/week 1/index.ipynb"],
        "branch": ["fall-2026"],
    }


def test_classic_interface_and_a_hub_under_a_path_prefix():
    link = nbgitpuller_link("https://uni.edu/jupyter", REPO, app="tree")
    assert link.startswith("https://uni.edu/jupyter/hub/user-redirect/git-pull?")
    assert "urlpath=tree%2Fhow-ai-learns-student%2Findex.ipynb" in link


def test_the_clone_folder_is_the_repositorys_name():
    assert repository_folder("https://gitlab.com/a/b/course.git") == "course"
    assert repository_folder("https://github.com/a/course/") == "course"


@pytest.mark.parametrize(("hub", "repo", "app"), [("", REPO, "lab"), ("h", REPO, "notebook")])
def test_bad_arguments_are_refused_with_what_came(hub, repo, app):
    with pytest.raises(ValueError, match="got"):
        nbgitpuller_link(hub, repo, app=app)
