// `porthole logout` (ends this machine's login at the hub, then forgets it) and `porthole whoami`
// (who is logged in where, checked with each hub).
import { authApi, HubError } from "../run/hubApi.js";
import { CredentialsError, hubKey, readLogins, saveLogin, type SavedLogin } from "./credentials.js";
import { LoginNeeded, withLogin } from "./hubCredentials.js";

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

/** The logins a command acts on: the one for `hub`, or all. Throws CredentialsError for a bad file. */
function chosen(file: string, hub: string | undefined): SavedLogin[] {
  const logins = readLogins(file);
  return hub === undefined ? logins : logins.filter((l) => l.hub === hubKey(hub));
}

export async function logoutCommand(opts: { hub: string | undefined; credentialsFile: string }, io: Io): Promise<number> {
  const say = (text: string) => io.stderr.write(`porthole: ${text}\n`);
  let logins: SavedLogin[];
  try {
    logins = chosen(opts.credentialsFile, opts.hub);
  } catch (error) {
    if (!(error instanceof CredentialsError)) throw error;
    say(error.message);
    return 1;
  }
  if (logins.length === 0) {
    say(opts.hub ? `not logged in to ${hubKey(opts.hub)}` : "not logged in to any hub");
    return 1;
  }
  if (logins.length > 1) {
    say(`logged in to several hubs; say which: ${logins.map((l) => `porthole logout --hub ${l.hub}`).join(" | ")}`);
    return 2;
  }
  const login = logins[0]!;
  try {
    await withLogin(opts.credentialsFile, login.hub, (token) => authApi.logout(login.hub, token));
  } catch (error) {
    // Already revoked or expired is as good as logged out; an unreachable hub is worth saying.
    if (!(error instanceof LoginNeeded) && !(error instanceof HubError && error.status === 401)) {
      say(`could not end the login at ${login.hub} (${(error as Error).message}); forgetting it here anyway`);
    }
  }
  saveLogin(opts.credentialsFile, login.hub, undefined);
  io.stdout.write(`Logged out of ${login.hub}.\n`);
  return 0;
}

export async function whoamiCommand(opts: { hub: string | undefined; credentialsFile: string; json: boolean }, io: Io): Promise<number> {
  let logins: SavedLogin[];
  try {
    logins = chosen(opts.credentialsFile, opts.hub);
  } catch (error) {
    if (!(error instanceof CredentialsError)) throw error;
    io.stderr.write(`porthole: ${error.message}\n`);
    return 1;
  }
  if (logins.length === 0) {
    io.stderr.write(`porthole: not logged in${opts.hub ? ` to ${hubKey(opts.hub)}` : ""}: run porthole login --hub URL\n`);
    return 1;
  }
  let status = 0;
  const rows: { hub: string; email: string | null; displayName: string; role: string | null; problem: string | null }[] = [];
  for (const login of logins) {
    try {
      const { user } = await withLogin(opts.credentialsFile, login.hub, (token) => authApi.profile(login.hub, token));
      rows.push({ hub: login.hub, email: user.email, displayName: user.displayName, role: user.role, problem: null });
    } catch (error) {
      if (!(error instanceof LoginNeeded) && !(error instanceof HubError)) throw error;
      status = 1;
      rows.push({ hub: login.hub, email: login.email, displayName: login.displayName, role: null, problem: error.message });
    }
  }
  if (opts.json) io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else {
    for (const r of rows) {
      const who = r.email ?? r.displayName;
      io.stdout.write(r.problem === null ? `${who} (${r.role}) on ${r.hub}\n` : `${who} on ${r.hub}: ${r.problem}\n`);
    }
  }
  return status;
}
