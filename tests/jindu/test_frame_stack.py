"""`roomy()` (tests/frame_stack.py): the suite runs each test inside it so deep calls keep to one frame-stack chunk.

Both checks read the page faults of one new thread (a new thread starts on a small first chunk, as the suite's
processes did before `roomy()`). If CPython stops mapping a chunk per call across a boundary, the first check fails
and `roomy()` can go; if CPython stops giving a large frame a chunk to match, the second fails.
"""

import resource
import threading

from tests.frame_stack import roomy

DEPTH = 300  # frames of `down()`, about 30 KiB of frame stack: past at least one 16 KiB chunk
TIMES = 2_000


def down(depth):
    return 0 if depth == 0 else down(depth - 1) + 1


def descents():
    for _ in range(TIMES):
        down(DEPTH)


def page_faults_in_a_new_thread(work):
    faults = []

    def measured():
        before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
        work()
        faults.append(resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before)

    thread = threading.Thread(target=measured)
    thread.start()
    thread.join()
    return faults[0]


def test_deep_calls_map_a_new_chunk_each_time_without_it():
    # One new chunk per descent at least, its pages faulted in again each time.
    assert page_faults_in_a_new_thread(descents) >= TIMES


def test_inside_roomy_deep_calls_stay_in_one_chunk():
    assert page_faults_in_a_new_thread(lambda: roomy(descents)) < TIMES / 10


def test_roomy_passes_arguments_and_the_result_through():
    assert roomy(divmod, 17, 5) == (3, 2)
    assert roomy(dict, a=1) == {"a": 1}
