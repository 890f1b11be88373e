"""Count the work the parser does, in units that do not depend on the machine.

Linearity is checked by counting work, never by timing it. The parser's own modules are
loaded a second time, as `_metered<n>.desktop_app.core.*`, with their syntax tree rewritten so
that every step is charged to a counter:

- each loop iteration, comprehension element and function call: 1;
- each slice and each string or list operation that reads characters (find, rfind, `in`,
  split, strip, join, translate, …): the characters it reads (for a search, up to where it
  found what it looked for); the segmenter: the length of the text it cuts;
- each product of big integers: their size in machine digits;
- each regular-expression call: the steps of a backtracking matcher run on the same pattern,
  subject and positions as Python's own engine (re's C engine cannot be watched from Python,
  and its backtracking is exactly what went quadratic: one line of 100,000 "[" in Markdown).

The standard library's HTML reader (html, html.parser, _markupbase) is metered the same way,
in its own rewritten copy that the metered modules import instead: the work html.parser did
for the format reader (it went quadratic on tags that never close) counts as theirs.

The rewritten modules are whatever `desktop_app` is importable, so the same meter runs on the
old code (PYTHONPATH=<old checkout>) to show that the tests would have failed there.

    python -m tests.core.work_meter figure_sentence 500 1000
"""
from __future__ import annotations

import ast
import importlib.abc
import importlib.machinery
import importlib.util
import operator
import re
import sys
import threading
from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from re import _parser as sre_parse  # the parse tree of a pattern: what the matcher walks

PREFIX = "_metered"  # + a number per MeteredParser + "."
_instances = iter(range(1, 1_000_000))
# Modules of the parsing package that are metered (whatever exists of them in this checkout).
METERED_PATTERNS = ("parser", "metrics", "metric_*", "numbers", "structure*", "formats*", "segment")
# Modules of the standard library that the metered modules use for their work, metered too.
METERED_STDLIB = ("html", "html.parser", "_markupbase")
# One regex call stops being followed past 10⁶ + 100·n² steps for a subject of n characters: a
# quadratic pattern stays below it (and is charged in full), an exponential one is charged that.
STEP_LIMIT = 1_000_000


# --- the counter -----------------------------------------------------------------------------

class Meter:
    """The work counter the rewritten modules call (injected into them as `__w__`).

    `follow_regexes`: charge a regex call the steps of the backtracking matcher (the default);
    without, only the characters it matched and the region it searched (a lower bound, much
    faster to count: for shapes whose costly steps are Python loops, at larger sizes)."""

    def __init__(self, follow_regexes: bool = True):
        self.work = 0
        self.follow_regexes = follow_regexes
        self._regex: dict[tuple, _Matcher] = {}

    # Python steps
    def tick(self) -> None:
        self.work += 1

    def each(self, iterable):
        for item in iterable:
            self.work += 1
            yield item

    # characters read by C code
    def slice(self, value, lower, upper, step):
        result = value[lower:upper:step]
        self.work += _size(result) + 1
        return result

    def contains(self, item, container) -> bool:
        if isinstance(container, str) and isinstance(item, str):
            found = container.find(item)
            self.work += (found + len(item) if found >= 0 else len(container)) + 1
            return found >= 0
        if isinstance(container, (list, tuple)):
            self.work += len(container) + 1
        else:
            self.work += 1
        return item in container

    def binop(self, op: str, left, right):
        result = _BINOPS[op](left, right)
        if isinstance(result, int) and not isinstance(result, bool):
            self.work += max(_int_size(left), _int_size(right), _int_size(result))
        elif isinstance(result, (str, list, tuple)) and op in ("+", "*"):
            self.work += len(result) + 1
        else:
            self.work += 1
        return result

    def ibinop(self, op: str, left, right):
        """`left op= right`, in place where the type does it in place (list +=)."""
        grown = _size(right) if isinstance(left, list) else None  # list += extends in place
        result = _INPLACE[op](left, right)
        if isinstance(result, int) and not isinstance(result, bool):
            self.work += max(_int_size(left), _int_size(right), _int_size(result))
        else:
            self.work += (grown if grown is not None else _size(result)) + 1
        return result

    def call(self, function, *args, **kwargs):
        result = function(*args, **kwargs)
        self.work += _call_cost(function, args, result)
        return result

    def method(self, obj, name: str, *args, **kwargs):
        result = getattr(obj, name)(*args, **kwargs)
        if isinstance(obj, re.Pattern) and name in _REGEX_METHODS:
            self.work += self._regex_steps(obj, *_regex_region(name, args, kwargs))
        elif obj is re and name in _REGEX_METHODS and name != "compile":
            flag_at = {"sub": 4, "subn": 4, "split": 3}.get(name, 2)
            flags = args[flag_at] if len(args) > flag_at else kwargs.get("flags", 0)
            subject = args[2] if name in ("sub", "subn") else args[1]
            self.work += self._regex_steps(re.compile(args[0], flags), name, subject, 0, len(subject))
        elif isinstance(obj, str):
            self.work += _str_cost(obj, name, args, result)
        elif isinstance(obj, list):
            if name == "extend":
                self.work += _size(args[0]) + 1 if args else 1
            else:
                self.work += len(obj) + 1 if name in ("insert", "sort", "index", "count", "remove", "copy") else 1
        elif name in ("tokenize", "cut", "cut_for_search") and args and isinstance(args[0], str):
            self.work += len(args[0]) + 1
        elif name == "group" and isinstance(result, str):
            self.work += len(result) + 1
        else:
            self.work += 1
        return result

    def _regex_steps(self, pattern: re.Pattern, name: str, subject, pos: int, endpos: int) -> int:
        if name == "compile" or not isinstance(subject, str) or not isinstance(pattern.pattern, str):
            return 1
        if not self.follow_regexes:
            if name in ("match", "fullmatch", "search"):
                found = getattr(pattern, name)(subject, pos, endpos)
                return (found.end() - pos if found else 0) + 1
            return endpos - pos + 1
        key = (pattern.pattern, pattern.flags)
        matcher = self._regex.get(key)
        if matcher is None:
            matcher = self._regex[key] = _Matcher(pattern)
        return matcher.steps(name, subject, pos, endpos)


def _regex_region(name: str, args, kwargs) -> tuple[str, object, int, int]:
    """(name, subject, pos, endpos) of a call of a compiled pattern's method."""
    if name == "compile":
        return name, None, 0, 0
    subject = args[1] if name in ("sub", "subn") else args[0] if args else kwargs.get("string")
    if not isinstance(subject, str):
        return name, subject, 0, 0
    pos, endpos = 0, len(subject)
    if name in ("match", "fullmatch", "search", "finditer", "findall"):
        pos = args[1] if len(args) > 1 else kwargs.get("pos", 0)
        endpos = args[2] if len(args) > 2 else kwargs.get("endpos", len(subject))
    return name, subject, max(0, min(pos, len(subject))), max(0, min(endpos, len(subject)))

def _size(value) -> int:
    return len(value) if isinstance(value, (str, list, tuple, bytes)) else 0


def _int_size(value) -> int:
    return value.bit_length() // 30 + 1 if isinstance(value, int) else 1


_BINOPS: dict[str, Callable] = {
    "+": lambda a, b: a + b, "*": lambda a, b: a * b, "**": lambda a, b: a ** b,
    "%": lambda a, b: a % b, "//": lambda a, b: a // b,
}
_INPLACE: dict[str, Callable] = {
    "+": operator.iadd, "*": operator.imul, "**": operator.ipow, "%": operator.imod,
    "//": operator.ifloordiv,
}
_AST_BINOPS = {ast.Add: "+", ast.Mult: "*", ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//"}
_REGEX_METHODS = frozenset(("match", "fullmatch", "search", "finditer", "findall", "sub", "subn",
                            "split", "compile"))
_SEARCHES = ("find", "index")
_BACK_SEARCHES = ("rfind", "rindex")
_AFFIX = ("startswith", "endswith")


def _str_cost(text: str, name: str, args, result) -> int:
    """Characters a str method reads (a search: up to what it found)."""
    if name in _SEARCHES or name in _BACK_SEARCHES:
        start, end, _ = slice(*(list(args[1:3]) + [None, None])[:2]).indices(len(text))
        if not isinstance(result, int) or result < 0:
            return max(0, end - start) + 1
        if name in _SEARCHES:
            return result - start + len(args[0]) + 1
        return end - result + 1
    if name in _AFFIX:
        prefixes = args[0] if isinstance(args[0], tuple) else (args[0],)
        return sum(len(p) for p in prefixes) + 1
    if name == "count":  # over text[start:end] when given (html.parser counts lines so)
        start, end, _ = slice(*(list(args[1:3]) + [None, None])[:2]).indices(len(text))
        return max(0, end - start) + 1
    return len(text) + _size(result) + 1


def _call_cost(function, args, result) -> int:
    """Work done inside a builtin called as a function (a Python function counts its own)."""
    if function in (sorted, list, tuple, set, frozenset, dict):
        return _size(result) + (len(result) if isinstance(result, (set, frozenset, dict)) else 0) + 1
    if function in (max, min, sum, any, all) and args and isinstance(args[0], (list, tuple, str)):
        return len(args[0]) + 1
    if function in (int, float, Decimal, str) and args:
        if isinstance(args[0], str):
            return len(args[0]) + 1
        if isinstance(args[0], int):
            return _int_size(args[0])
        return _size(result) + 1
    return 1


# --- a backtracking matcher that counts its steps ------------------------------------------

class _StepLimit(Exception):
    pass


_CATEGORIES: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdecimal, "CATEGORY_NOT_DIGIT": lambda c: not c.isdecimal(),
    "CATEGORY_SPACE": str.isspace, "CATEGORY_NOT_SPACE": lambda c: not c.isspace(),
    "CATEGORY_WORD": lambda c: c.isalnum() or c == "_",
    "CATEGORY_NOT_WORD": lambda c: not (c.isalnum() or c == "_"),
}


class _Matcher:
    """Backtracking over the parse tree of a pattern, in the order Python's engine tries things,
    counting a step for every character compared and every alternative tried. Only the work is
    used: the results of the call come from `re` itself, which also says where the searches of
    finditer/sub/split resume."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
        self.flags = pattern.flags
        self.match = self._sequence(list(tree), self.flags)
        self.count = 0
        self.limit = STEP_LIMIT

    # how a call is charged: the attempts Python's engine makes
    def steps(self, name: str, subject: str, pos: int, endpos: int) -> int:
        self.count = 0
        self.limit = STEP_LIMIT + 100 * (endpos - pos) ** 2
        try:
            if name in ("match", "fullmatch"):
                self._attempt(subject, pos, endpos, name == "fullmatch")
            elif name == "search":
                self._search(subject, pos, endpos, once=True)
            else:
                self._search(subject, pos, endpos, once=False)
        except _StepLimit:
            pass  # exponential: charged the limit
        return self.count + 1

    def _search(self, subject: str, pos: int, endpos: int, once: bool) -> None:
        real = self.pattern.finditer(subject, pos, endpos) if not once else \
            iter([m for m in [self.pattern.search(subject, pos, endpos)] if m])
        at = pos
        for found in real:
            for start in range(at, found.start()):
                self._attempt(subject, start, endpos, False)  # the attempts that failed
            self._attempt(subject, found.start(), endpos, False)
            at = found.end() if found.end() > found.start() else found.end() + 1
            if once:
                return
        for start in range(at, endpos + 1):
            self._attempt(subject, start, endpos, False)

    def _attempt(self, subject: str, start: int, endpos: int, full: bool) -> bool:
        self.s, self.end, self.marks = subject, endpos, {}
        return self.match(start, (lambda j: j == endpos) if full else (lambda j: True))

    def _step(self, n: int = 1) -> None:
        self.count += n
        if self.count > self.limit:
            raise _StepLimit()

    # building the matcher: each node is f(i, k) -> bool, k the continuation
    def _sequence(self, items: list, flags: int) -> Callable:
        nodes = [self._node(op, av, flags) for op, av in items]

        def run(i: int, k: Callable, at: int = 0) -> bool:
            if at == len(nodes):
                return k(i)
            return nodes[at](i, lambda j: run(j, k, at + 1))
        return run

    def _char_test(self, op, av, flags: int) -> Callable[[str], bool] | None:
        name = str(op)
        fold = (lambda c: c.lower()) if flags & re.IGNORECASE else (lambda c: c)
        if name == "LITERAL":
            ch = fold(chr(av))
            return lambda c: fold(c) == ch
        if name == "NOT_LITERAL":
            ch = fold(chr(av))
            return lambda c: fold(c) != ch
        if name == "ANY":
            return (lambda c: True) if flags & re.DOTALL else (lambda c: c != "\n")
        if name == "IN":
            negate = False
            tests: list[Callable[[str], bool]] = []
            for sub_op, sub_av in av:
                sub = str(sub_op)
                if sub == "NEGATE":
                    negate = True
                elif sub == "LITERAL":
                    tests.append(lambda c, ch=fold(chr(sub_av)): fold(c) == ch)  # noqa: B008 - bound now
                elif sub == "RANGE":
                    lo, hi = sub_av
                    tests.append(lambda c, lo=lo, hi=hi: lo <= ord(c) <= hi or lo <= ord(fold(c)) <= hi)
                elif sub == "CATEGORY":
                    tests.append(_CATEGORIES[str(sub_av)])
                else:
                    raise NotImplementedError(sub)
            return lambda c: any(t(c) for t in tests) != negate
        return None

    def _node(self, op, av, flags: int) -> Callable:
        name = str(op)
        test = self._char_test(op, av, flags)
        if test is not None:
            def char(i: int, k: Callable) -> bool:
                self._step()
                return i < self.end and test(self.s[i]) and k(i + 1)
            return char
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            return self._repeat(name, av, flags)
        if name == "SUBPATTERN":
            group, add, remove, body = av
            inner = self._sequence(list(body), (flags | add) & ~remove)

            def subpattern(i: int, k: Callable) -> bool:
                def close(j: int) -> bool:
                    saved = self.marks.get(group)
                    if group:
                        self.marks[group] = (i, j)
                    if k(j):
                        return True
                    if group:
                        self.marks[group] = saved
                    return False
                return inner(i, close)
            return subpattern
        if name == "ATOMIC_GROUP":
            inner = self._sequence(list(av), flags)

            def atomic(i: int, k: Callable) -> bool:
                end = self._first_end(inner, i)
                return end is not None and k(end)
            return atomic
        if name == "BRANCH":
            branches = [self._sequence(list(b), flags) for b in av[1]]

            def branch(i: int, k: Callable) -> bool:
                for b in branches:
                    self._step()
                    if b(i, k):
                        return True
                return False
            return branch
        if name in ("ASSERT", "ASSERT_NOT"):
            direction, body = av
            inner = self._sequence(list(body), flags)
            width = body.getwidth()[0]

            def look(i: int, k: Callable) -> bool:
                self._step()
                if direction == 1:
                    found = inner(i, lambda j: True)
                else:
                    found = i - width >= 0 and inner(i - width, lambda j: j == i)
                return found == (name == "ASSERT") and k(i)
            return look
        if name == "AT":
            return self._at(str(av), flags)
        if name == "GROUPREF":
            def groupref(i: int, k: Callable) -> bool:
                span = self.marks.get(av)
                if span is None:
                    return False
                text = self.s[span[0]:span[1]]
                self._step(len(text) + 1)
                return self.s.startswith(text, i) and i + len(text) <= self.end and k(i + len(text))
            return groupref
        raise NotImplementedError(name)

    def _first_end(self, inner: Callable, i: int) -> int | None:
        ends: list[int] = []
        inner(i, lambda j: ends.append(j) or True)
        return ends[0] if ends else None

    def _repeat(self, name: str, av, flags: int) -> Callable:
        low, high, body = av
        items = list(body)
        single = self._char_test(*items[0], flags) if len(items) == 1 else None
        if single is not None:
            def repeat_one(i: int, k: Callable) -> bool:
                n = 0
                if name == "MIN_REPEAT":
                    while True:
                        self._step()
                        if n >= low and k(i + n):
                            return True
                        if n >= high or i + n >= self.end or not single(self.s[i + n]):
                            return False
                        n += 1
                while n < high and i + n < self.end and single(self.s[i + n]):
                    self._step()
                    n += 1
                self._step()
                if name == "POSSESSIVE_REPEAT":
                    return n >= low and k(i + n)
                while n >= low:
                    self._step()
                    if k(i + n):
                        return True
                    n -= 1
                return False
            return repeat_one
        inner = self._sequence(items, flags)

        def repeat(i: int, k: Callable, count: int = 0) -> bool:
            self._step()
            if name == "POSSESSIVE_REPEAT":
                while count < high:
                    end = self._first_end(inner, i)
                    if end is None or end == i:
                        break
                    i, count = end, count + 1
                return count >= low and k(i)
            more = count < high and (lambda: inner(i, lambda j: j != i and repeat(j, k, count + 1)))
            if name == "MIN_REPEAT":
                return (count >= low and k(i)) or bool(more and more())
            return bool(more and more()) or (count >= low and k(i))
        return repeat

    def _at(self, where: str, flags: int) -> Callable:
        multiline = flags & re.MULTILINE

        def word(i: int) -> bool:
            return 0 <= i < self.end and (self.s[i].isalnum() or self.s[i] == "_")

        tests = {
            "AT_BEGINNING": lambda i: i == 0 or bool(multiline and self.s[i - 1] == "\n"),
            "AT_BEGINNING_STRING": lambda i: i == 0,
            "AT_END": lambda i: i == self.end or (self.s[i] == "\n" and (multiline or i == self.end - 1)),
            "AT_END_STRING": lambda i: i == self.end,
            "AT_BOUNDARY": lambda i: word(i - 1) != word(i),
            "AT_NON_BOUNDARY": lambda i: word(i - 1) == word(i),
        }
        test = tests[where]

        def at(i: int, k: Callable) -> bool:
            self._step()
            return test(i) and k(i)
        return at


# --- rewriting the modules ------------------------------------------------------------------

class _Rewriter(ast.NodeTransformer):
    """Route every costly step of a module through the meter `__w__`."""

    def _w(self, attr: str, *args: ast.expr, keywords=()) -> ast.Call:
        func = ast.Attribute(ast.Name("__w__", ast.Load()), attr, ast.Load())
        return ast.Call(func, list(args), list(keywords))

    def _tick(self) -> ast.stmt:
        return ast.Expr(self._w("tick"))

    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        node.body.insert(0, self._tick())
        return node

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_For(self, node):
        self.generic_visit(node)
        node.body.insert(0, self._tick())
        return node

    visit_While = visit_For

    def visit_comprehension(self, node):
        self.generic_visit(node)
        node.iter = self._w("each", node.iter)
        return node

    def visit_Subscript(self, node):
        self.generic_visit(node)
        if isinstance(node.slice, ast.Slice) and isinstance(node.ctx, ast.Load):
            none = ast.Constant(None)
            s = node.slice
            return self._w("slice", node.value, s.lower or none, s.upper or none, s.step or none)
        return node

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Attribute):
            return self._w("method", func.value, ast.Constant(func.attr), *node.args,
                           keywords=node.keywords)
        if isinstance(func, ast.Name) and func.id == "super":
            return node
        return self._w("call", func, *node.args, keywords=node.keywords)

    def visit_Compare(self, node):
        self.generic_visit(node)
        if len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)):
            test = self._w("contains", node.left, node.comparators[0])
            return ast.UnaryOp(ast.Not(), test) if isinstance(node.ops[0], ast.NotIn) else test
        return node

    def visit_BinOp(self, node):
        self.generic_visit(node)
        op = _AST_BINOPS.get(type(node.op))
        return self._w("binop", ast.Constant(op), node.left, node.right) if op else node

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        op = _AST_BINOPS.get(type(node.op))
        if op and isinstance(node.target, (ast.Name, ast.Attribute)):
            load = ast.Name(node.target.id, ast.Load()) if isinstance(node.target, ast.Name) else \
                ast.Attribute(node.target.value, node.target.attr, ast.Load())
            return ast.Assign([node.target], self._w("ibinop", ast.Constant(op), load, node.value))
        return node


def _metered_names(core: Path) -> set[str]:
    names: set[str] = set()
    for pattern in METERED_PATTERNS:
        names |= {p.stem for p in core.glob(pattern + ".py")}
    return names


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Loads `_metered.desktop_app.core.<module>` from the source of desktop_app.core.<module>,
    rewritten; its imports of other metered modules are redirected to their metered copies."""

    def __init__(self, meter: Meter, prefix: str):
        spec = importlib.util.find_spec("desktop_app.core")
        self.prefix = prefix
        self.core = Path(spec.submodule_search_locations[0])
        self.names = _metered_names(self.core)
        self.meter = meter

    def find_spec(self, fullname, path=None, target=None):
        if fullname == self.prefix[:-1]:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        if not fullname.startswith(self.prefix):
            return None
        real = fullname[len(self.prefix):]
        if real in METERED_STDLIB:
            origin = importlib.util.find_spec(real).origin
            return importlib.machinery.ModuleSpec(fullname, self, origin=origin,
                                                  is_package=origin.endswith("__init__.py"))
        if real in ("desktop_app", "desktop_app.core"):
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return importlib.machinery.ModuleSpec(fullname, self, origin=str(self.core / (real.split(".")[-1] + ".py")))

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        real = module.__name__[len(self.prefix):]
        if module.__name__ == self.prefix[:-1] or real in ("desktop_app", "desktop_app.core"):
            module.__path__ = []
            return
        if real in METERED_STDLIB and module.__spec__.origin.endswith("__init__.py"):
            module.__path__ = []  # a package: its submodules come from this finder
        source = Path(module.__spec__.origin).read_text(encoding="utf-8")
        tree = self._redirect_imports(ast.parse(source))
        tree = ast.fix_missing_locations(_Rewriter().visit(tree))
        module.__dict__["__w__"] = self.meter
        exec(compile(tree, module.__spec__.origin, "exec"), module.__dict__)

    def _redirect_imports(self, tree: ast.Module) -> ast.Module:
        body: list[ast.stmt] = []
        for stmt in tree.body:
            if isinstance(stmt, ast.ImportFrom) and stmt.module == "desktop_app.core":
                ours = [a for a in stmt.names if a.name in self.names]
                theirs = [a for a in stmt.names if a.name not in self.names]
                if ours:
                    body.append(ast.ImportFrom(self.prefix + "desktop_app.core", ours, 0))
                if theirs:
                    body.append(ast.ImportFrom("desktop_app.core", theirs, 0))
                continue
            if isinstance(stmt, ast.ImportFrom) and stmt.module and \
                    stmt.module.startswith("desktop_app.core.") and stmt.module.split(".")[-1] in self.names:
                stmt.module = self.prefix + stmt.module
            elif isinstance(stmt, ast.ImportFrom) and stmt.module in METERED_STDLIB and not stmt.level:
                stmt.module = self.prefix + stmt.module
            elif isinstance(stmt, ast.Import) and any(a.name in METERED_STDLIB for a in stmt.names):
                stmt = ast.Import([ast.alias(self.prefix + a.name, a.asname or a.name)
                                   if a.name in METERED_STDLIB and "." not in a.name else a
                                   for a in stmt.names])
            body.append(stmt)
        tree.body = body
        return tree


# --- measuring ------------------------------------------------------------------------------

class MeteredParser:
    """parse_text and markdown_to_text of the metered modules, and the work they cost."""

    def __init__(self, follow_regexes: bool = True):
        self.meter = Meter(follow_regexes)
        self._prefix = prefix = f"{PREFIX}{next(_instances)}."
        self._finder = _Finder(self.meter, prefix)
        self._parser = self._import("desktop_app.core.parser")
        self._formats = self._import("desktop_app.core.formats")
        self._caches = [f for name, m in sys.modules.items() if name.startswith(prefix)
                        for f in vars(m).values() if hasattr(f, "cache_clear")]
        self.parse("标题\n全市生产总值增长5%，达到100亿元。")  # load the segmenter, compile patterns

    def _import(self, real: str):
        sys.meta_path.insert(0, self._finder)
        try:
            return importlib.import_module(self._prefix + real)
        finally:
            sys.meta_path.remove(self._finder)

    def parse(self, text: str) -> int:
        """The work of parse_text(text)."""
        return self._measure(self._parser.parse_text, text)

    def markdown(self, text: str) -> int:
        """The work of markdown_to_text(text)."""
        return self._measure(self._formats.markdown_to_text, text)

    def html(self, text: str) -> int:
        """The work of html_to_text(text), html.parser's included where it is used."""
        return self._measure(self._formats.html_to_text, text)

    def measure(self, function: Callable[[str], object], text: str) -> int:
        """The work of function(text), a function of the metered modules."""
        return self._measure(function, text)

    def module(self, name: str):
        """The metered copy of a module of the package (`formats`) or of METERED_STDLIB."""
        return self._import(name if name in METERED_STDLIB else f"desktop_app.core.{name}")

    def _measure(self, function: Callable[[str], object], text: str) -> int:
        for cache in self._caches:
            cache.cache_clear()
        self.meter.work = 0
        _with_deep_stack(lambda: function(text))
        return self.meter.work


def regex_steps(pattern: re.Pattern, name: str, subject: str) -> int:
    """The steps the meter charges for `pattern.<name>(subject)` (match, fullmatch, search,
    finditer, findall, sub, split over the whole subject)."""
    steps: list[int] = []
    _with_deep_stack(lambda: steps.append(_Matcher(pattern).steps(name, subject, 0, len(subject))))
    return steps[0]


def _with_deep_stack(function: Callable[[], object]) -> None:
    """Run `function` in a thread with room for the matcher's recursion (one frame per
    repetition of a group), and re-raise what it raised."""
    failure: list[BaseException] = []

    def run():
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(200_000)
        try:
            function()
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            failure.append(error)
        finally:
            sys.setrecursionlimit(limit)
    size = threading.stack_size(512 * 1024 * 1024)
    try:
        worker = threading.Thread(target=run)
        worker.start()
        worker.join()
    finally:
        threading.stack_size(size)
    if failure:
        raise failure[0]


def main(argv: list[str]) -> int:
    from tests.hostile import texts

    shape, sizes = texts.SHAPES[argv[0]], [int(n) for n in argv[1:]]
    metered = MeteredParser()
    measure = metered.markdown if argv[0] in texts.MARKDOWN_SHAPES else metered.parse
    works = [measure(shape(n)) for n in sizes]
    print(argv[0], " ".join(f"n={n}:{w}" for n, w in zip(sizes, works, strict=True)),
          "ratios", " ".join(f"{b / a:.2f}" for a, b in pairwise(works)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
