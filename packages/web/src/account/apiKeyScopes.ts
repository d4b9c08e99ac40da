// What each API key scope allows, in words, for the create form; stays in step with scopes in
// packages/hub/src/auth/principal.ts.
import type { ApiKeyScope } from "../api/hubTypes.js";

export const scopeDescriptions: Record<ApiKeyScope, string> = {
  sessions: "sessions: run and list sessions (porthole run --token)",
  read: "read: list sessions only",
  chat: "chat: the OpenAI-compatible chat API",
  full: "full: all of the API (never account or admin changes)",
};
