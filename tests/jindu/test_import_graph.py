"""The apps depend on each other in one direction only.

Every import in the project's source is read (those inside functions too, since a late import is still a
dependency), and every relation between models is asked of Django's app registry.
"""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
APPS = ("jindu", "education", "schools", "events", "campaigns", "media")
# (depends on, must not be depended on by): each pair may be joined in the first direction only.
ONE_WAY = [("media", "jindu"), ("campaigns", "events")]
# Pairs whose modules may import each other (schools' rates read education's results through education's models
# and plain modules) but whose models relate one way only: a lesson's progress points at a student, never back.
MODELS_ONE_WAY = [("education", "schools")]
# Modules an app's code is served from: another app may call its plain modules, never these.
ENTRY_POINTS = ("views", "admin_views", "api", "urls", "wagtail_hooks")


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules():
    """{module name: path} for the apps' source, migrations left out (they record history, not design)."""
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return modules


def imported_modules(name, path, modules, top_level_only=False):
    """The project modules `name` imports anywhere in its body (or, `top_level_only`, when it is first imported)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body if top_level_only else ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in modules)
    return {module for module in found if module.split(".")[0] in APPS}


def import_graph(top_level_only=False):
    modules = project_modules()
    return {name: imported_modules(name, path, modules, top_level_only) for name, path in modules.items()}


def reachable(graph, start):
    seen, todo = set(), [start]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def is_views(module):
    return any(part in ("views", "admin_views") for part in module.split("."))


def app_imports(graph):
    """{(app, other app): [(module, imported module)]}."""
    pairs = {}
    for module, targets in graph.items():
        for target in targets:
            source_app, target_app = module.split(".")[0], target.split(".")[0]
            if source_app != target_app:
                pairs.setdefault((source_app, target_app), []).append((module, target))
    return pairs


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph()

    assert "jindu.models.pages" in graph["media.models.pages"]
    assert "education.quiz_landing" in graph["education.models.quizzes"]  # imported inside get_context


def test_no_models_module_reaches_a_views_module():
    graph = import_graph()

    reached = {
        module: sorted(target for target in reachable(graph, module) if is_views(target))
        for module in graph
        if ".models" in module
    }

    assert {module: views for module, views in reached.items() if views} == {}


def test_app_pairs_import_each_other_one_way_only():
    pairs = app_imports(import_graph())

    for user, used in ONE_WAY:
        assert (user, used) in pairs, f"{user} no longer imports {used}: update ONE_WAY"
        assert pairs.get((used, user), []) == [], f"{used} imports {user}"


def test_module_bodies_import_each_other_without_a_cycle():
    """Imports run when a module is first loaded never come back to it (late imports inside functions may)."""
    graph = import_graph(top_level_only=True)

    cycles = sorted(module for module in graph if module in reachable(graph, module))

    assert cycles == []


def test_schools_use_no_entry_point_of_education():
    pairs = app_imports(import_graph())

    used = sorted(
        (module, target)
        for module, target in pairs.get(("schools", "education"), [])
        if any(part in ENTRY_POINTS for part in target.split("."))
    )

    assert used == []
    assert ("schools.rates", "education.models") in pairs[("schools", "education")]


def test_app_pairs_relate_their_models_one_way_only():
    related = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created and field.related_model is not None:
                related.add((model._meta.app_label, field.related_model._meta.app_label))

    for user, used in ONE_WAY:
        assert (used, user) not in related, f"a model of {used} points at a model of {user}"
    assert ("events", "campaigns") not in related
    for user, used in MODELS_ONE_WAY:
        assert (user, used) in related, f"no model of {user} points at {used} any more: update MODELS_ONE_WAY"
        assert (used, user) not in related, f"a model of {used} points at a model of {user}"
    assert ("campaigns", "events") in related  # an activity report records a showing
