import { fireEvent, render, screen } from "@testing-library/react";
import { JsonView } from "./JsonView";
import { SizeGate, LARGE_FIELD_BYTES } from "./SizeGate";

describe("JsonView", () => {
  it("renders closed containers without their contents, and opens them on click", () => {
    render(<JsonView value={{ outer: { inner: "deep value" } }} />);
    expect(screen.queryByText(/deep value/)).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: /outer/ }));
    expect(screen.getByText(/deep value/)).toBeTruthy();
  });

  it("renders long arrays a hundred entries at a time", () => {
    const { container } = render(<JsonView value={Array.from({ length: 250 }, (_, index) => index)} />);
    expect(container.querySelectorAll(".json-number")).toHaveLength(100);
    fireEvent.click(screen.getByRole("button", { name: "show 100 more of 150" }));
    expect(container.querySelectorAll(".json-number")).toHaveLength(200);
  });
});

describe("SizeGate", () => {
  it("renders usual fields and gives large ones their first bytes and a download", () => {
    const download = vi.fn(() => Promise.resolve());
    const { rerender } = render(
      <SizeGate bytes={1000} head={null} download={download}>
        <span>rendered</span>
      </SizeGate>,
    );
    expect(screen.getByText("rendered")).toBeTruthy();
    rerender(
      <SizeGate bytes={LARGE_FIELD_BYTES + 1} head={'{"big":"xxxx'} download={download}>
        <span>rendered</span>
      </SizeGate>,
    );
    expect(screen.queryByText("rendered")).toBeNull();
    expect(screen.getByText(/2\.0 MB/)).toBeTruthy();
    expect(screen.getByText('{"big":"xxxx…')).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Download the whole field" }));
    expect(download).toHaveBeenCalledTimes(1);
  });
});
