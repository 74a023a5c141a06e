"""Running a test with room on CPython 3.11's frame stack, so deep call chains do not map and unmap memory.

CPython 3.11 keeps Python frames on a per-thread stack of chunks, 16 KiB each by default. A call that does not
fit in the current chunk maps a new chunk; returning from the first frame of a chunk unmaps it again. A loop that
calls across such a boundary (a request through Django's middleware, views and nested templates does, thousands
of times) maps and unmaps 16 KiB on every call, and each new mapping costs page faults. Measured on the access
matrix: about a sixth of its CPU time was the kernel doing this.

A chunk is as large as the first frame that needs it. `roomy()` is an ordinary call whose frame asks for
`ROOM` value-stack slots, so its chunk holds that frame and leaves the same room again for the frames inside it;
they stay in that one chunk, and nothing is mapped until the call returns. The memory is only touched where
frames use it. The test `tests/jindu/test_frame_stack.py` fails if a CPython release stops working this way.
"""

import types


def _call(function, /, *args, **kwargs):
    return function(*args, **kwargs)


# Value-stack slots of roomy()'s frame (8 bytes each): 8 MiB, so its chunk is 16 MiB with 8 MiB left for the
# frames inside it, far more than any test's deepest call chain.
ROOM = 1 << 20

roomy = types.FunctionType(_call.__code__.replace(co_stacksize=ROOM), globals(), "roomy")
roomy.__doc__ = "Call `function(*args, **kwargs)` with room on the frame stack for everything it calls."
