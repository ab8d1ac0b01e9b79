"""Record OpenAI chat completions as generations: ``wrap_openai(OpenAI())``.

Each ``chat.completions.create`` call (sync or async, streamed or not) becomes a generation
of the current trace (or of a new one): the model the API answered with, the parameters,
the messages, the reply, the token usage and, when streamed, the time of the first chunk.
A stream's usage needs ``stream_options={"include_usage": True}``: the wrapper asks for it
when the caller did not, and then keeps that extra usage-only chunk to itself, so the
caller's loop sees exactly the chunks it would have seen. The ``openai`` package is the
caller's: nothing here imports it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

from agenttrace_client._data import jsonable, now
from agenttrace_client._tracing import Observation, start_observation

C = TypeVar("C")
PARAMETERS = ("temperature", "top_p", "max_tokens", "max_completion_tokens", "n", "stop",
              "presence_penalty", "frequency_penalty", "seed", "response_format", "tools",
              "tool_choice", "reasoning_effort")  # fmt: skip


def wrap_openai(
    openai_client: C, *, client: Any = None, name: str = "openai.chat.completions"
) -> C:
    """Patch this OpenAI (or AsyncOpenAI, or compatible) client's chat completions in place;
    answers the same client. ``client``: the ``AgentTrace`` to record with."""
    completions = openai_client.chat.completions  # type: ignore[attr-defined]
    original = completions.create
    recorder = _Recorder(client, name)

    async def finish_later(
        pending: Any, generation: Observation | None, stream: bool, injected: bool
    ) -> Any:
        try:
            response = await pending
        except BaseException as exc:
            recorder.fail(generation, exc)
            raise
        if stream:
            return _AsyncStream(response, recorder, generation, injected)
        recorder.finish(generation, response)
        return response

    @functools.wraps(original)
    def create(*args: Any, **kwargs: Any) -> Any:
        injected = recorder.prepare(kwargs)
        generation = recorder.start(kwargs)
        stream = bool(kwargs.get("stream"))
        try:
            response = original(*args, **kwargs)
        except BaseException as exc:
            recorder.fail(generation, exc)
            raise
        if inspect.isawaitable(response):  # AsyncOpenAI: the call answers a coroutine
            return finish_later(response, generation, stream, injected)
        if stream:
            return _Stream(response, recorder, generation, injected)
        recorder.finish(generation, response)
        return response

    completions.create = create
    return openai_client


def _plain(value: Any) -> Any:
    """An OpenAI object as JSON without its unset (None) fields."""
    dump = getattr(value, "model_dump", None)
    return jsonable(dump(exclude_none=True) if callable(dump) else value)


class _Recorder:
    def __init__(self, client: Any, name: str) -> None:
        self._client = client
        self.name = name

    def agenttrace(self) -> Any:
        from agenttrace_client.client import get_client

        return self._client or get_client()

    @staticmethod
    def prepare(kwargs: dict[str, Any]) -> bool:
        """Ask a stream for its usage; True when the caller had not (its chunk is ours)."""
        if kwargs.get("stream") and "stream_options" not in kwargs:
            kwargs["stream_options"] = {"include_usage": True}
            return True
        return False

    def start(self, kwargs: dict[str, Any]) -> Observation | None:
        try:
            client = self.agenttrace()
            trace, parent = client._target(None, None, self.name)
            parameters = {key: kwargs[key] for key in PARAMETERS if key in kwargs}
            return start_observation(
                client, "GENERATION", trace, parent, name=self.name, deferred=True,
                model=kwargs.get("model"), model_parameters=parameters or None,
                input=kwargs.get("messages"),
            )  # fmt: skip
        except Exception as exc:
            self.agenttrace()._failed("openai wrapper", exc)
            return None

    def fail(self, generation: Observation | None, exc: BaseException) -> None:
        if generation is not None:
            self._safely(lambda: generation.fail(exc))

    def finish(self, generation: Observation | None, response: Any) -> None:
        if generation is None:
            return

        def end() -> None:
            choices = getattr(response, "choices", None) or []
            output = [_plain(choice.message) for choice in choices]
            generation.end(
                model=getattr(response, "model", None),
                output=output[0] if len(output) == 1 else output,
                usage=_plain(getattr(response, "usage", None)),
            )

        self._safely(end)

    def _safely(self, step: Callable[[], None]) -> None:
        try:
            step()
        except Exception as exc:
            self.agenttrace()._failed("openai wrapper", exc)


class _Collector:
    """What a stream's chunks add up to."""

    def __init__(self, recorder: _Recorder, generation: Observation | None, injected: bool) -> None:
        self.recorder, self.generation, self.injected = recorder, generation, injected
        self.first: str | None = None
        self.content: list[str] = []
        self.model: str | None = None
        self.usage: Any = None
        self.done = False

    def see(self, chunk: Any) -> bool:
        """Note a chunk; False for the usage chunk the wrapper asked for (not the caller)."""
        if self.first is None:
            self.first = now()
        self.model = getattr(chunk, "model", None) or self.model
        if getattr(chunk, "usage", None) is not None:
            self.usage = chunk.usage
        choices = getattr(chunk, "choices", None) or []
        for choice in choices:
            delta = getattr(choice, "delta", None)
            if delta is not None and getattr(delta, "content", None):
                self.content.append(delta.content)
        return not (self.injected and not choices)

    def end(self, error: BaseException | None = None) -> None:
        if self.done or self.generation is None:
            return
        self.done = True
        if error is not None:
            self.recorder.fail(self.generation, error)
            return
        generation = self.generation
        self.recorder._safely(lambda: generation.end(
            model=self.model, completion_start_time=self.first,
            output={"role": "assistant", "content": "".join(self.content)},
            usage=_plain(self.usage),
        ))  # fmt: skip


class _Stream(_Collector):
    def __init__(
        self, stream: Any, recorder: _Recorder, generation: Observation | None, injected: bool
    ):
        super().__init__(recorder, generation, injected)
        self._stream = stream

    def __iter__(self) -> Iterator[Any]:
        try:
            for chunk in self._stream:
                if self.see(chunk):
                    yield chunk
        except GeneratorExit:
            self.end()
            raise
        except BaseException as exc:
            self.end(exc)
            raise
        self.end()

    def __enter__(self) -> _Stream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.end()
        self._stream.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _AsyncStream(_Collector):
    def __init__(
        self, stream: Any, recorder: _Recorder, generation: Observation | None, injected: bool
    ):
        super().__init__(recorder, generation, injected)
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[Any]:
        try:
            async for chunk in self._stream:
                if self.see(chunk):
                    yield chunk
        except GeneratorExit:
            self.end()
            raise
        except BaseException as exc:
            self.end(exc)
            raise
        self.end()

    async def __aenter__(self) -> _AsyncStream:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        self.end()
        await self._stream.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
