"""Which cells of a graded notebook can change a grade, found by reading the code (``ast``).

A lesson has many cells that only show something: live experiments, predict-first
widgets, numbers for the prose. Grading needs only the exercises' solution and
check cells and, transitively, every cell that binds a name one of them reads (a
function body's global names included). The rest is skipped, and so are the
imports in the cells that run whose names nothing reads (a lesson's experiments
and widgets: :func:`cells_to_run`).

What reading the code can see: names read and bound, in every scope, by
assignment, ``def``, ``class``, ``import``, ``global``, augmented assignment and
``del``; an attribute or item set on a name (``neuron.X = ...``) counts as binding
that name. What it cannot see: a name read through ``globals()``, ``eval`` or
``exec``, an object changed by a method call (``rows.append(...)``), or what an
import does besides binding its names. The grader catches the first kind: a
cell that fails with ``NameError`` on a name only what was skipped binds makes
it grade the submission again with every cell. A cell that is not plain Python
(an IPython magic or shell escape) or that imports ``*`` cannot be read: then
every cell runs.
"""

from __future__ import annotations

import ast
import symtable
from dataclasses import dataclass

from nbformat import NotebookNode

from course_lib import submissions


class Unreadable(ValueError):
    """A cell whose names cannot be known from its code (IPython syntax)."""


@dataclass(frozen=True)
class Plan:
    """What to run of a graded notebook."""

    cells: tuple[int, ...]  # the code cells to run, by index
    sources: dict[int, str]  # cells to run without their unused imports: index -> source
    skipped_names: frozenset[str]  # the names only what is not run binds


def cells_to_run(notebook: NotebookNode, last_cell: int) -> Plan:
    """The code cells up to ``last_cell`` that a grade can depend on (see the module doc).

    Solution and check cells always run; so does every cell that binds a name a
    running cell reads (wherever that cell is: a function defined early may be
    called late), until no more are needed. Every cell runs, whole, if one of
    them is not plain Python.
    """
    code = [
        i
        for i, cell in enumerate(notebook.cells[: last_cell + 1])
        if cell.cell_type == "code" and cell.source.strip()
    ]
    try:
        names = {i: _names(notebook.cells[i].source) for i in code}
    except Unreadable:
        return Plan(tuple(code), {}, frozenset())
    graded = {i for i in code if _is_graded(notebook.cells[i])}
    kept = set(graded)
    while True:
        wanted = {name for i in kept for name in names[i].reads}
        needed = {i for i in code if names[i].binds & wanted} - kept
        if not needed:
            break
        kept |= needed
    sources, unused_imports = {}, set()
    for i in sorted(kept - graded):
        source, left_out = _without_unused_imports(notebook.cells[i].source, wanted)
        if left_out:
            sources[i] = source
            unused_imports |= left_out
    skipped_names = {name for i in set(code) - kept for name in names[i].binds}
    return Plan(tuple(sorted(kept)), sources, frozenset(skipped_names | unused_imports))


def _is_graded(cell: NotebookNode) -> bool:
    return submissions.is_solution(cell) or submissions.is_check(cell)


def _without_unused_imports(source: str, wanted: set[str]) -> tuple[str, set[str]]:
    """The cell without its top-level imports of names no running cell reads, and their names.

    Importing a lesson's experiments or widgets takes most of a pruned run's time;
    the checks never need them (they import no lesson, matplotlib or ipywidgets).
    """
    tree = ast.parse(source)
    unused = [node for node in tree.body if _imported(node) and not _imported(node) & wanted]

    def lines(nodes: list[ast.stmt]) -> set[int]:
        return {n for node in nodes for n in range(node.lineno, node.end_lineno + 1)}

    dropped = lines(unused) - lines([node for node in tree.body if node not in unused])
    left_out = {name for node in unused if lines([node]) <= dropped for name in _imported(node)}
    kept = [line for number, line in enumerate(source.split("\n"), 1) if number not in dropped]
    return "\n".join(kept), left_out


def _imported(node: ast.stmt) -> set[str]:
    """The names a top-level import binds (none for another statement)."""
    if not isinstance(node, ast.Import | ast.ImportFrom):
        return set()
    return {alias.asname or alias.name.split(".")[0] for alias in node.names}


@dataclass(frozen=True)
class _Names:
    reads: frozenset[str]  # global names read, in any scope of the cell
    binds: frozenset[str]  # global names bound (or changed in place by item or attribute)


def _names(source: str) -> _Names:
    """The global names a cell reads and binds."""
    try:
        tree = ast.parse(source)
        table = symtable.symtable(source, "<cell>", "exec")
    except SyntaxError:
        if _is_ipython(source):
            raise Unreadable(source) from None
        return _Names(frozenset(), frozenset())  # the kernel refuses it: it runs nothing
    if any(isinstance(node, ast.ImportFrom) and node.names[0].name == "*" for node in tree.body):
        raise Unreadable("import *: the names it binds are not in the code")
    reads, binds = set(), set()
    for scope in _scopes(table):
        for symbol in scope.get_symbols():
            if symbol.is_global() and symbol.is_referenced():
                reads.add(symbol.get_name())
            top_level = scope is table
            if (top_level and (symbol.is_assigned() or symbol.is_imported())) or (
                symbol.is_declared_global() and symbol.is_assigned()
            ):
                binds.add(symbol.get_name())
    for node in ast.walk(tree):
        if isinstance(node, ast.AugAssign | ast.Delete):  # x += 1 and del x read x first
            reads |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        if isinstance(node, ast.Attribute | ast.Subscript) and isinstance(node.ctx, ast.Store):
            binds.add(_base_name(node) or "")
    return _Names(frozenset(reads), frozenset(binds - {""}))


def _scopes(table: symtable.SymbolTable) -> list[symtable.SymbolTable]:
    """A symbol table and every table nested in it (functions, classes, comprehensions)."""
    return [table, *(scope for child in table.get_children() for scope in _scopes(child))]


def _base_name(node: ast.expr) -> str | None:
    """``rows`` for ``rows[0].x``: the name whose object an assignment changes."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_ipython(source: str) -> bool:
    """True if IPython's own syntax (``%magic``, ``!shell``, ``name?``) makes the cell Python."""
    from IPython.core.inputtransformer2 import TransformerManager

    transformed = TransformerManager().transform_cell(source)
    try:
        ast.parse(transformed)
    except SyntaxError:
        return False
    return True
