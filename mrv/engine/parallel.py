"""Where independent pieces of work run: in this process, in worker processes, or on Dask.

The core hands independent tasks (Monte Carlo chunks, the projects of a portfolio) to
:func:`map_tasks`; which executor runs them is chosen by the caller with :func:`running_on`.
Results come back in the order of the tasks, and every task is a pure function of its
arguments (Monte Carlo draws are keyed by variable, element and block, not by worker), so the
figures and the report bytes are the same whichever executor ran them.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

__all__ = [
    "Executor",
    "current_executor",
    "dask_executor",
    "map_tasks",
    "process_executor",
    "running_on",
]

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs a function over items and returns the results in the items' order."""

    def map(self, function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        """Apply ``function`` to every item."""
        ...


_executor: ContextVar[Executor | None] = ContextVar("mrv_executor", default=None)


@contextmanager
def running_on(executor: Executor | None) -> Iterator[None]:
    """Run the tasks handed to :func:`map_tasks` inside the block on ``executor``."""
    token = _executor.set(executor)
    try:
        yield
    finally:
        _executor.reset(token)


def current_executor() -> Executor | None:
    """Return the executor set by the caller, or None for this process."""
    return _executor.get()


def map_tasks(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """Apply ``function`` to each item on the current executor (this process by default)."""
    executor = _executor.get()
    if executor is None:
        return [function(item) for item in items]
    return list(executor.map(_InMrvRegistry(function), items))


class _InMrvRegistry:
    """A task that builds mrv's unit registry in the worker before it unpickles its function.

    A function bound to a project carries pint quantities; unpickled in a fresh worker before
    mrv's registry exists, they would land in pint's default registry, where ``mu`` is a milli
    atomic mass unit. So the function travels as bytes and is unpickled after the registry is
    built and set as pint's application registry.
    """

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.payload = pickle.dumps(function)

    def __call__(self, item: Any) -> Any:
        from mrv.common import units  # noqa: PLC0415

        units.get_registry()
        return pickle.loads(self.payload)(item)  # noqa: S301 - bytes made by this process


class _Processes:
    """Worker processes of this machine (``concurrent.futures``), kept for the executor's life."""

    def __init__(self, pool: ProcessPoolExecutor, workers: int) -> None:
        self.pool = pool
        self.workers = workers

    def map(self, function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        chunksize = max(1, len(items) // (4 * self.workers))
        return list(self.pool.map(function, items, chunksize=chunksize))


@contextmanager
def process_executor(workers: int) -> Iterator[Executor]:
    """Start ``workers`` processes on this machine for the block, and stop them after it."""
    # spawned, not forked: a forked child inherits pyarrow's thread pools in whatever state the
    # parent left them and can deadlock on its first CSV read
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield _Processes(pool, workers)


class _Dask:
    """Tasks submitted to a dask.distributed cluster through a client."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def map(self, function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        futures = self.client.map(function, list(items), pure=False)
        return list(self.client.gather(futures))


@contextmanager
def dask_executor(address: str | None = None, workers: int = 2) -> Iterator[Executor]:
    """Connect to the Dask scheduler at ``address``, or start a local cluster of ``workers``.

    Raises
    ------
    ImportError
        If dask.distributed is not installed (``pip install 'mrv[dask]'``).
    """
    import distributed  # noqa: PLC0415 - optional dependency

    client_class: Any = distributed.Client
    cluster_class: Any = distributed.LocalCluster

    if address is not None:
        with client_class(address) as client:
            yield _Dask(client)
        return
    with (
        cluster_class(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        client_class(cluster) as client,
    ):
        yield _Dask(client)
