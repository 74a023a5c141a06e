"""Index each object once: the search and reference indexes follow its last save in a block, not every save.

Building a page saves it several times (added to the tree, a revision, the publish), and each save would queue
its own search-index and reference-index update. Inside `index_once()` those updates are only noted; at the end of
the block every object still there is indexed once, with the same tasks Wagtail and modelsearch queue on a save.
"""

from collections import defaultdict
from contextlib import contextmanager, nullcontext

from django.apps import apps
from django.db.models.signals import post_save
from modelcluster.fields import ParentalKey
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update, reference_index_auto_update_disabled
from wagtail.tasks import update_reference_index_task


@contextmanager
def index_once():
    searched = [model for model in search_index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    searched = {model for model in searched if post_save.disconnect(post_save_signal_handler, sender=model)}
    saved = {update: {} for update in (insert_or_update_object_task, update_reference_index_task)}

    def note(sender, instance, raw=False, **kwargs):
        if raw:
            return
        if sender in searched:
            saved[insert_or_update_object_task][key_of(instance._meta.model, instance.pk)] = None
        # Read at each save: Wagtail adds models (snippets) as their admin views are first set up.
        if sender in ReferenceIndex.tracked_models:
            saved[update_reference_index_task][cluster_key(instance)] = None

    post_save.connect(note, weak=False)
    # Wagtail's switch does not nest (leaving it turns updates back on), so a block inside a pause keeps it.
    already_paused = getattr(reference_index_auto_update_disabled, "value", False)
    try:
        with nullcontext() if already_paused else disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(note)
        for model in searched:
            post_save.connect(post_save_signal_handler, sender=model)
    for update, keys in saved.items():
        for key in still_there(keys):
            update.enqueue(*key)


def key_of(model, pk):
    return (model._meta.app_label, model._meta.model_name, str(pk))


def cluster_key(instance):
    """Whose references a save of `instance` updates: Wagtail's task indexes a cluster's child as its parent.

    A child whose parent is itself a child keeps its own key, and the task walks up from there.
    """
    parental_keys = [field for field in instance._meta.get_fields() if isinstance(field, ParentalKey)]
    if parental_keys:
        parent = parental_keys[0].related_model
        parent_pk = getattr(instance, parental_keys[0].attname)
        is_child = any(isinstance(field, ParentalKey) for field in parent._meta.get_fields())
        if parent_pk is not None and not is_child:
            return key_of(parent, parent_pk)
    return key_of(instance._meta.model, instance.pk)


def still_there(keys):
    """The keys, in the order first saved, of the objects that were not deleted later in the block."""
    pks = defaultdict(list)
    for app_label, model_name, pk in keys:
        pks[app_label, model_name].append(pk)
    present = set()
    for (app_label, model_name), model_pks in pks.items():
        model = apps.get_model(app_label, model_name)
        found = model.objects.filter(pk__in=model_pks).values_list("pk", flat=True)
        present.update((app_label, model_name, str(pk)) for pk in found)
    return [key for key in keys if key in present]
