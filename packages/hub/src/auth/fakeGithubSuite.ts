// A local stand-in for GitHub's OAuth endpoints, for tests (named *Suite.ts so the build leaves it
// out): authorize redirects back with a code bound to the PKCE challenge and redirect_uri; the token
// endpoint checks client secret, code and verifier (answering errors with 200, as GitHub does); the
// user endpoint checks the token.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeGithubUser {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
}

export interface FakeGithub {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The user "signed in at GitHub" whom the next authorize approves. */
  user: FakeGithubUser;
  /** When true, authorize redirects back with error=access_denied (the person clicked Cancel). */
  deny: boolean;
  /** Calls to the token endpoint so far, and how many of them were refused. */
  tokenCalls: number;
  tokenRefusals: number;
  /** The hub's auth config for this fake. */
  config(): { clientId: string; clientSecret: string; authorizeUrl: string; tokenUrl: string; userUrl: string };
  close(): Promise<void>;
}

const b64sha256 = (s: string) => createHash("sha256").update(s).digest("base64url");
const token = () => randomBytes(20).toString("hex");

export async function startFakeGithub(): Promise<FakeGithub> {
  const codes = new Map<string, { challenge: string; redirectUri: string; user: FakeGithubUser }>();
  const tokens = new Map<string, FakeGithubUser>();

  function json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }

  async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    return new URLSearchParams(body);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    if (req.method === "GET" && url.pathname === "/login/oauth/authorize") {
      const q = url.searchParams;
      const redirectUri = q.get("redirect_uri") ?? "";
      if (q.get("client_id") !== fake.clientId || q.get("code_challenge_method") !== "S256" || !q.get("code_challenge") || !redirectUri) {
        return json(res, 400, { error: "bad authorize request" });
      }
      const back = new URL(redirectUri);
      back.searchParams.set("state", q.get("state") ?? "");
      if (fake.deny) back.searchParams.set("error", "access_denied");
      else {
        const code = token();
        codes.set(code, { challenge: q.get("code_challenge")!, redirectUri, user: { ...fake.user } });
        back.searchParams.set("code", code);
      }
      res.writeHead(302, { location: back.href }).end();
      return;
    }
    if (req.method === "POST" && url.pathname === "/login/oauth/access_token") {
      fake.tokenCalls++;
      void readForm(req).then((form) => {
        const code = codes.get(form.get("code") ?? "");
        codes.delete(form.get("code") ?? "");
        const good =
          form.get("client_id") === fake.clientId &&
          form.get("client_secret") === fake.clientSecret &&
          code !== undefined &&
          form.get("redirect_uri") === code.redirectUri &&
          b64sha256(form.get("code_verifier") ?? "") === code.challenge;
        if (!good || req.headers.accept !== "application/json") {
          fake.tokenRefusals++;
          return json(res, 200, { error: "bad_verification_code", error_description: "The code passed is incorrect or expired." });
        }
        const accessToken = `gho_${token()}`;
        tokens.set(accessToken, code.user);
        json(res, 200, { access_token: accessToken, token_type: "bearer", scope: "" });
      });
      return;
    }
    if (req.method === "GET" && url.pathname === "/user") {
      const user = tokens.get(/^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "");
      if (!user || !req.headers["user-agent"]) return json(res, 401, { message: "Bad credentials" });
      return json(res, 200, { id: user.id, login: user.login, name: user.name, email: user.email, type: "User" });
    }
    json(res, 404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeGithub = {
    url: base,
    clientId: `Iv1.${token().slice(0, 16)}`,
    clientSecret: token(),
    user: { id: 1, login: "octocat", name: "The Octocat", email: null },
    deny: false,
    tokenCalls: 0,
    tokenRefusals: 0,
    config: () => ({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      authorizeUrl: `${base}/login/oauth/authorize`,
      tokenUrl: `${base}/login/oauth/access_token`,
      userUrl: `${base}/user`,
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}

let nextId = 1000 + Math.floor(Math.random() * 1e6);
/** A fresh GitHub user. */
export function newGithubUser(overrides: Partial<FakeGithubUser> = {}): FakeGithubUser {
  const id = ++nextId * 1000 + Math.floor(Math.random() * 1000);
  return { id, login: `gh-user-${id}`, name: `GitHub User ${id}`, email: null, ...overrides };
}
