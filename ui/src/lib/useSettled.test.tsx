import { act, renderHook } from "@testing-library/react";
import { useSettled } from "./useSettled";

describe("useSettled", () => {
  afterEach(() => vi.useRealTimers());

  it("waits for the page's answer, or for the fallback at the latest", () => {
    vi.useFakeTimers();
    const { result, rerender } = renderHook(({ ready }) => useSettled(ready, 1000), { initialProps: { ready: false } });
    expect(result.current).toBe(false);
    rerender({ ready: true });
    expect(result.current).toBe(true);
    rerender({ ready: false });
    expect(result.current).toBe(true);

    const late = renderHook(() => useSettled(false, 1000));
    expect(late.result.current).toBe(false);
    act(() => vi.advanceTimersByTime(1000));
    expect(late.result.current).toBe(true);
  });
});
