"""``@observe``: a call of the decorated function becomes an observation (a span unless
``as_type`` says otherwise) of the current trace, or the root of a new trace.

Sync and async functions, generators and async generators. The observation is deferred:
one event when the call ends (two for a root: its trace too), so a call costs a few
microseconds on the caller's thread and nothing on the network until the batcher runs.
A generator's observation ends when it is exhausted or closed; its output is what it
yielded (joined when every item is a string). Recording never changes what the function
does: its arguments, result and exceptions pass through untouched.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable, Generator
from contextvars import Token
from typing import Any, TypeVar, cast, overload

from agenttrace_client import _context
from agenttrace_client._data import jsonable, now, trace_id
from agenttrace_client._tracing import Observation, Trace, observation_type, start_observation

F = TypeVar("F", bound=Callable[..., Any])
MAX_ITEMS = 1000


class _Spec:
    """What is fixed per decorated function: its name, type and parameter names."""

    def __init__(self, fn: Callable[..., Any], name: str | None, as_type: str, inputs: bool,
                 outputs: bool, client: Any) -> None:  # fmt: skip
        self.name = name or fn.__name__
        self.type = observation_type(as_type)
        self.inputs = inputs
        self.outputs = outputs
        self.client = client
        parameters = list(inspect.signature(fn).parameters.values())
        positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        self.names = [p.name for p in parameters if p.kind in positional]
        self.rest = next(
            (p.name for p in parameters if p.kind is inspect.Parameter.VAR_POSITIONAL), None
        )
        self.skip = 1 if self.names and self.names[0] in ("self", "cls") else 0

    def arguments(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        values = dict(zip(self.names[self.skip :], args[self.skip :], strict=False))
        extra = args[len(self.names) :]
        if extra:
            values[self.rest or "args"] = list(extra)
        values.update(kwargs)
        return values


class _Call:
    """One call in flight: its observation, its trace when it is the root, and the tokens
    that make them current."""

    __slots__ = ("observation", "spec", "tokens", "trace")

    def __init__(self, spec: _Spec, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        from agenttrace_client.client import get_client

        self.spec = spec
        client = spec.client or get_client()
        parent = _context.current_observation.get()
        current = _context.current_trace.get()
        inputs = jsonable(spec.arguments(args, kwargs)) if spec.inputs else None
        self.trace: Trace | None = None
        if parent is not None:
            trace, parent_id = parent.trace_id, parent.id
        elif current is not None:
            trace, parent_id = current.id, None
        elif client.settings.trace_id:  # under `agenttrace wrap`: join its trace
            trace, parent_id = client.settings.trace_id, client.settings.parent_observation_id
        else:
            trace, parent_id = trace_id(), None
            self.trace = Trace(
                client, trace, pending={"id": trace, "name": spec.name, "timestamp": now(),
                                        "input": inputs},
            )  # fmt: skip
        self.observation: Observation = start_observation(
            client, spec.type, trace, parent_id, name=spec.name, deferred=True
        )
        if inputs is not None:
            self.observation._body["input"] = inputs  # type: ignore[index]
        self.tokens: tuple[Token[Any], ...] = ()

    def enter(self) -> None:
        if self.trace is not None:
            self.tokens = (
                _context.current_trace.set(self.trace),
                _context.current_observation.set(self.observation),
            )
        else:
            self.tokens = (_context.current_observation.set(self.observation),)

    def leave(self) -> None:
        _context.current_observation.reset(self.tokens[-1])
        if len(self.tokens) == 2:
            _context.current_trace.reset(self.tokens[0])

    def finish(self, output: Any = None, error: BaseException | None = None) -> None:
        if error is not None:
            self.observation.fail(error)
        else:
            value = jsonable(output) if self.spec.outputs else None
            self.observation.end(output=value)
        if self.trace is not None:
            body = self.observation._body or {}
            self.trace.end(output=body.get("output"))


def _begin(spec: _Spec, args: tuple[Any, ...], kwargs: dict[str, Any]) -> _Call | None:
    try:
        return _Call(spec, args, kwargs)
    except Exception as exc:
        _report(spec, exc)
        return None


def _safely(spec: _Spec, step: Callable[[], None]) -> None:
    try:
        step()
    except Exception as exc:
        _report(spec, exc)


def _report(spec: _Spec, exc: Exception) -> None:
    from agenttrace_client.client import get_client

    (spec.client or get_client())._failed(f"@observe {spec.name}", exc)


def _collected(items: list[Any]) -> Any:
    if items and all(isinstance(item, str) for item in items):
        return "".join(items)
    return items


def _wrap(fn: Callable[..., Any], spec: _Spec) -> Callable[..., Any]:
    if inspect.isasyncgenfunction(fn):

        async def agen(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
            call = _begin(spec, args, kwargs)
            iterator = fn(*args, **kwargs)
            items: list[Any] = []
            try:
                while True:
                    if call is not None:
                        call.enter()
                    try:
                        item = await iterator.__anext__()
                    except StopAsyncIteration:
                        break
                    finally:
                        if call is not None:
                            call.leave()
                    if len(items) < MAX_ITEMS:
                        items.append(item)
                    yield item
            except GeneratorExit:  # the consumer stopped early: not an error
                await iterator.aclose()
                if call is not None:
                    _safely(spec, lambda: call.finish(_collected(items)))
                raise
            except BaseException as exc:
                if call is not None:
                    _safely(spec, functools.partial(call.finish, error=exc))
                raise
            if call is not None:
                _safely(spec, lambda: call.finish(_collected(items)))

        return agen

    if inspect.isgeneratorfunction(fn):

        def gen(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
            call = _begin(spec, args, kwargs)
            iterator = fn(*args, **kwargs)
            items: list[Any] = []
            try:
                while True:
                    if call is not None:
                        call.enter()
                    try:
                        item = next(iterator)
                    except StopIteration as stop:
                        result = stop.value
                        break
                    finally:
                        if call is not None:
                            call.leave()
                    if len(items) < MAX_ITEMS:
                        items.append(item)
                    yield item
            except GeneratorExit:  # the consumer stopped early: not an error
                iterator.close()
                if call is not None:
                    _safely(spec, lambda: call.finish(_collected(items)))
                raise
            except BaseException as exc:
                if call is not None:
                    _safely(spec, functools.partial(call.finish, error=exc))
                raise
            if call is not None:
                _safely(spec, lambda: call.finish(_collected(items)))
            return result

        return gen

    if inspect.iscoroutinefunction(fn):

        async def coroutine(*args: Any, **kwargs: Any) -> Any:
            call = _begin(spec, args, kwargs)
            if call is None:
                return await fn(*args, **kwargs)
            call.enter()
            try:
                result = await fn(*args, **kwargs)
            except BaseException as exc:
                call.leave()
                _safely(spec, functools.partial(call.finish, error=exc))
                raise
            call.leave()
            _safely(spec, lambda: call.finish(result))
            return result

        return coroutine

    def function(*args: Any, **kwargs: Any) -> Any:
        call = _begin(spec, args, kwargs)
        if call is None:
            return fn(*args, **kwargs)
        call.enter()
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:
            call.leave()
            _safely(spec, functools.partial(call.finish, error=exc))
            raise
        call.leave()
        _safely(spec, lambda: call.finish(result))
        return result

    return function


@overload
def observe(func: F) -> F: ...


@overload
def observe(
    func: None = None,
    *,
    name: str | None = None,
    as_type: str = "span",
    capture_input: bool = True,
    capture_output: bool = True,
    client: Any = None,
) -> Callable[[F], F]: ...


def observe(
    func: F | None = None,
    *,
    name: str | None = None,
    as_type: str = "span",
    capture_input: bool = True,
    capture_output: bool = True,
    client: Any = None,
) -> F | Callable[[F], F]:
    """Record each call as an observation; ``client``: an ``AgentTrace`` (default: the
    process's, from the environment)."""

    def decorate(fn: F) -> F:
        spec = _Spec(fn, name, as_type, capture_input, capture_output, client)
        return cast(F, functools.wraps(fn)(_wrap(fn, spec)))

    return decorate if func is None else decorate(func)
