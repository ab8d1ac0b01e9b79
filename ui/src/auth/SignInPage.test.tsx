import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { Router } from "wouter";
import { memoryLocation } from "wouter/memory-location";
import { AuthProvider } from "./AuthContext";
import { loadCredentials } from "./credentials";
import { SignInPage } from "./SignInPage";

function answer(body: unknown) {
  return Promise.resolve(new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } }));
}

function renderAt(path: string) {
  const location = memoryLocation({ path, record: true });
  render(
    <Router hook={location.hook} searchHook={location.searchHook}>
      <AuthProvider>
        <SignInPage />
      </AuthProvider>
    </Router>,
  );
  return location;
}

describe("SignInPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("keeps a verified key in session storage and goes where the user was headed", async () => {
    const fetch = vi.fn(() => answer({ data: { project: { __typename: "Project", id: "p1", name: "demo" } } }));
    vi.stubGlobal("fetch", fetch);
    const location = renderAt("/sign-in?next=/project/p1/traces/t1");
    fireEvent.change(screen.getByLabelText("Secret key"), { target: { value: "pk-at-1:sk-at-1" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(location.history.at(-1)).toBe("/project/p1/traces/t1"));
    expect(loadCredentials()).toEqual({ secretKey: "sk-at-1", publicKey: "pk-at-1", projectId: "p1", projectName: "demo" });
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(new Headers(init.headers).get("Authorization")).toBe("Bearer sk-at-1");
  });

  it("explains a refused key and a public key given as the secret", async () => {
    vi.stubGlobal("fetch", () =>
      answer({ data: null, errors: [{ message: "Invalid API key", extensions: { code: "UNAUTHENTICATED" } }] }),
    );
    renderAt("/sign-in?reason=expired");
    expect(screen.getByRole("status").textContent).toMatch(/expired or been revoked/);
    fireEvent.change(screen.getByLabelText("Secret key"), { target: { value: "sk-at-old" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/wrong, expired or revoked/);
    expect(loadCredentials()).toBeNull();
  });
});
