"""Taking the test database back and forth through migrations, for the tests that prove a migration keeps data.

One migration graph serves every step (only the applied set is read again), and the state each step ends at is
where the next step forwards starts, so it is not worked out again from the whole plan.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import ProjectState


class Migrations:
    """The test database's migrations, moved to a target; `apps` holds the models as they stand there."""

    def __init__(self):
        self.executor = MigrationExecutor(connection)
        self.state = None

    def migrate(self, targets=None):
        """Migrate to `targets` (None: the latest); apps not named stay where they are. Returns the models."""
        executor = self.executor
        executor.loader.build_graph()  # reads which migrations are applied now
        targets = targets or executor.loader.graph.leaf_nodes()
        plan = executor.migration_plan(targets)
        if plan and plan[0][1]:
            self.unapply([migration for migration, _backwards in plan])
        else:
            self.state = executor.migrate(targets, plan=plan, state=self.state)
        ContentType.objects.clear_cache()
        return self.apps

    def latest(self):
        return self.migrate(None)

    def unapply(self, migrations):
        """Unapply `migrations` in that order, each from the project state just before it, as Django's executor does.

        The executor works those states out with the models rendered from the first migration to unapply on, so
        every migration applied after it in the whole plan re-renders the models it touches (most of the time these
        tests took). Here the states are worked out unrendered, from the same plan, and are rendered only where an
        operation being unapplied asks for the models.
        """
        executor = self.executor
        full_plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
        nodes = executor.loader.graph.nodes
        applied = {nodes[key] for key in executor.loader.applied_migrations if key in nodes}
        pending = set(migrations)
        before = {}
        state = ProjectState(real_apps=executor.loader.unmigrated_apps)
        for migration, _backwards in full_plan:
            if migration in pending:
                before[migration] = state
                state = migration.mutate_state(state, preserve=True)
            elif migration in applied:
                migration.mutate_state(state, preserve=False)
        for migration in migrations:
            executor.unapply_migration(before[migration], migration)
            applied.discard(migration)
        executor.check_replacements()
        self.state = ProjectState(real_apps=executor.loader.unmigrated_apps)
        for migration, _backwards in full_plan:
            if migration in applied:
                migration.mutate_state(self.state, preserve=False)

    @property
    def apps(self):
        return self.state.apps
