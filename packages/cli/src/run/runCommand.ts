// `porthole run -- COMMAND`: starts the agent in a PTY at the desk (or, with --headless, in its
// structured mode with no desk terminal), shares it through a hub (embedded unless --hub is given;
// there with --token, else the `porthole login` of that hub), prints the pairing link, and exits
// with the agent's code. Claude Code also gets a chat view (see deskAgent.ts, headlessAgent.ts).
import { formatPairingUrl, generateKeyPair, joinVerifier, type ChatCommand } from "@porthole/protocol";
import { findAgentAdapter, type AgentLaunch } from "@porthole/agents";
import { pino } from "pino";
import { hostname } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import type { RunConfig } from "../config/cliConfig.js";
import { ensurePaths, webRoot, type Paths } from "../config/paths.js";
import { HostSession } from "../host/hostSession.js";
import { installLastResort } from "../lastResort.js";
import { CredentialsError } from "../login/credentials.js";
import { accessTokenFor, LoginNeeded, withLogin } from "../login/hubCredentials.js";
import { createSessionOnHub, HubError } from "./hubApi.js";
import { prepareDeskAgent, startDeskAgent } from "./deskAgent.js";
import { openDeskTerminal } from "./deskTerminal.js";
import { startEmbeddedHub, type EmbeddedHub } from "./embeddedHub.js";
import { canRunHeadless, startHeadlessAgent } from "./headlessAgent.js";
import { AttachmentInbox } from "./attachmentInbox.js";
import { connectChat, type RunningAgent } from "./runningAgent.js";
import { renderLink } from "./printLink.js";
import { removeSessionFile, writeSessionFile } from "./sessionFile.js";

export interface RunIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: Readonly<Record<string, string | undefined>>;
}

/** Exit status for a signal, as shells report it. */
function exitStatus(exit: { code: number | null; signal: number | null }): number {
  return exit.code ?? 128 + (exit.signal ?? 1);
}

export async function runCommand(config: RunConfig, paths: Paths, io: RunIo): Promise<number> {
  ensurePaths(paths);
  const logger = pino({ level: config.logLevel, base: { service: "porthole-run" } }, pino.destination({ dest: join(paths.logs, "porthole.log"), mkdir: true, sync: false }));
  const say = (text: string) => io.stderr.write(`porthole: ${text}\n`);
  const removeLastResort = installLastResort(logger);
  const adapter = findAgentAdapter(config.command, config.args);
  if (config.headless && !canRunHeadless(adapter)) {
    say(`--headless needs an agent with a structured mode (claude); ${config.command} has none: run it without --headless`);
    removeLastResort();
    return 2;
  }

  let embedded: EmbeddedHub | undefined;
  let hubUrl: string;
  let publicUrl: string;
  let token: string;
  /** "login": the token comes from `porthole login`'s saved login and is refreshed as needed. */
  let auth: "token" | "login" = "token";
  if (config.hub) {
    hubUrl = config.hub;
    publicUrl = config.publicUrl ?? config.hub;
    if (config.token) token = config.token;
    else {
      try {
        token = await accessTokenFor(paths.credentials, hubUrl);
        auth = "login";
      } catch (error) {
        if (error instanceof LoginNeeded || error instanceof CredentialsError) {
          say(`${error.message}; or pass --token (an API key, or the hub's owner token).`);
          return 2;
        }
        say(`could not refresh the login at ${hubUrl}: ${(error as Error).message}`);
        return 1;
      }
    }
  } else {
    embedded = await startEmbeddedHub({ listenHost: config.listen, port: config.port, sqliteFile: paths.embeddedDb, webRoot, publicUrl: config.publicUrl, logger: logger.child({ component: "hub" }) });
    hubUrl = embedded.localUrl;
    publicUrl = embedded.publicUrl;
    token = embedded.ownerToken;
  }

  const launch: AgentLaunch = { command: config.command, args: config.args, cwd: process.cwd(), env: agentEnv(io.env) };
  // Hooks and settings for the agent's chat view are made before anything else starts.
  const prepared = config.headless ? undefined : await prepareDeskAgent(launch, say);
  const headless = config.headless && canRunHeadless(adapter) ? adapter : undefined;
  const desk = config.headless ? undefined : openDeskTerminal(io.stdin, io.stdout, { cols: config.cols, rows: config.rows });
  const size = { cols: desk?.cols ?? config.cols, rows: desk?.rows ?? config.rows };
  const commandLine = [config.command, ...config.args].join(" ");
  const hostKey = generateKeyPair();
  let created;
  const fields = { command: commandLine, ...size, joinVerifier: joinVerifier(hostKey.publicKey), ...(config.name ? { name: config.name } : {}) };
  // The session joins the project of this machine and directory; a hub older than projects (or one
  // refusing this directory's name) gets the session without a project rather than none at all.
  const register = (bearer: string) =>
    createSessionOnHub(hubUrl, bearer, { ...fields, project: { machine: hostname(), directory: launch.cwd } }).catch((error: unknown) => {
      if (error instanceof HubError && error.status === 400) return createSessionOnHub(hubUrl, bearer, fields);
      throw error;
    });
  try {
    created = auth === "login" ? await withLogin(paths.credentials, hubUrl, register) : await register(token);
  } catch (error) {
    desk?.restore();
    await prepared?.close();
    await embedded?.hub.close();
    say(`could not register the session with the hub at ${hubUrl}: ${(error as Error).message}`);
    return 1;
  }
  const sessionId = created.session.id;
  const log = logger.child({ session: sessionId });
  const linkFor = (secret: Uint8Array | undefined) =>
    formatPairingUrl({ hubUrl: publicUrl, sessionId, hostPublicKey: hostKey.publicKey, ...(secret ? { pairingSecret: secret } : {}) });
  const saveFile = (link: string) =>
    writeSessionFile(paths.sessions, { id: sessionId, pid: process.pid, command: commandLine, startedAt: new Date().toISOString(), hubUrl, token: auth === "login" ? "" : token, auth, link, embedded: Boolean(embedded) });

  let agent: RunningAgent | undefined;
  let chatCommand: ((command: ChatCommand, viewer: number) => void) | undefined;

  const host = new HostSession({
    hubUrl,
    sessionId,
    hostToken: created.hostToken,
    hostKey,
    ...size,
    openSocket: (url) => new WebSocket(url) as never,
    log,
    features: { chat: headless !== undefined || prepared?.chat !== undefined, headless: headless !== undefined },
    onBackpressure: (paused) => agent?.setPaused(paused),
    onInput: (data) => agent?.write(data),
    onChatCommand: (command, viewer) => chatCommand?.(command, viewer),
    onPairingSecret: (secret) => saveFile(linkFor(secret)),
    onConnection: (state, detail) => log.info({ state, detail }, "hub connection"),
    onViewer: (event, detail) => log.info({ event, detail }, "viewer"),
  });
  const link = linkFor(host.pairingSecret);
  saveFile(link);
  io.stdout.write(await renderLink(link, { qr: config.qr }));
  if (embedded) io.stdout.write(`  (hub on this machine; other devices must be on the same network)\n`);
  io.stdout.write(`  Starting: ${commandLine}${headless ? " (headless: no terminal here; follow and steer it from the chat view, Ctrl-C ends it)" : ""}\n\n`);
  host.start();

  try {
    if (headless) agent = await startHeadlessAgent(headless, launch, (line) => io.stdout.write(`${line}\n`));
    else if (desk && prepared) agent = startDeskAgent(launch, prepared, desk, host);
    else throw new Error("invariant violation: a desk session without its desk terminal");
    const inbox = new AttachmentInbox(join(launch.cwd, ".porthole", "attachments"), { fileBytes: config.attachmentFileBytes, messageBytes: config.attachmentMessageBytes });
    if (agent.chat) chatCommand = connectChat(agent.chat, host, log, inbox);
  } catch (error) {
    desk?.restore();
    await prepared?.close();
    host.close();
    removeSessionFile(paths.sessions, sessionId);
    await embedded?.hub.close();
    say(`could not start ${config.command}: ${(error as Error).message}`);
    return 127;
  }
  const exit = await agent.exited;
  desk?.restore();
  const stored = await host.end(exit);
  host.close();
  removeSessionFile(paths.sessions, sessionId);
  // Viewers still catching up get a moment to see the last output and the exit.
  await embedded?.hub.close({ graceMs: 3000 });
  logger.flush();
  removeLastResort();
  const status = exitStatus(exit);
  say(`${config.command} exited with ${exit.code !== null ? `code ${exit.code}` : `signal ${exit.signal}`}${stored ? "" : " (the hub did not confirm the last output)"}`);
  return status;
}

/** The agent's environment: the user's, with TERM set for a full-colour terminal. */
function agentEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !k.startsWith("PORTHOLE_")) out[k] = v;
  out.TERM = env.TERM && env.TERM !== "dumb" ? env.TERM : "xterm-256color";
  out.COLORTERM ??= "truecolor";
  return out;
}
