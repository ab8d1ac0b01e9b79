/** Why the sign-in page is shown, carried in its `reason` parameter. */
export type SignInReason = "expired" | "signed-out";

const REASON_MESSAGES: Record<SignInReason, string> = {
  expired:
    "Your API key was refused: it has expired or been revoked. Sign in with a valid key.",
  "signed-out": "You signed out.",
};

export function reasonMessage(reason: string | null): string | null {
  return reason !== null && reason in REASON_MESSAGES
    ? REASON_MESSAGES[reason as SignInReason]
    : null;
}
