// The `porthole` command line: parses flags and the environment once, then runs one command.
import { homedir } from "node:os";
import { Command, CommanderError, Option } from "commander";
import { accountConfigSchema, envNames, layered, readConfigFile, runConfigSchema, serveConfigSchema, validate } from "./config/cliConfig.js";
import { portholePaths } from "./config/paths.js";
import { runCommand } from "./run/runCommand.js";
import { chooseClaudeSession } from "./run/resumeCommand.js";
import { initAdminCommand, serveCommand } from "./serve/serveCommand.js";
import { doctorCommand } from "./doctor/doctorCommand.js";
import { listHubSessions, listSessions, revokeSession, showLink } from "./sessions/sessionsCommand.js";
import { projectsCommand, type ProjectsAction } from "./sessions/projectsCommand.js";
import { loginCommand } from "./login/loginCommand.js";
import { logoutCommand, whoamiCommand } from "./login/accountCommands.js";
import { rotateCommand } from "./secrets/rotateCommand.js";

type Env = Readonly<Record<string, string | undefined>>;

const env = (name: keyof typeof envNames) => `(env ${envNames[name]})`;
/** `porthole serve` settings of accounts: the public URL and Login with GitHub. */
/** `porthole serve` settings of users' secrets and hosted files (the secret key itself: environment only). */
const serveSecretAndFileKeys = ["secretKeyFile", "anthropicBaseUrl", "maxFileBytes", "maxWorkspaceBytes"];
const serveAccountKeys = ["publicUrl", "githubClientId", "githubClientSecret", "githubAuthorizeUrl", "githubTokenUrl", "githubUserUrl"];

export async function main(argv: string[], environment: Env): Promise<number> {
  const paths = portholePaths(environment);
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: environment };
  let exitCode = 0;
  const fileSettings = () => readConfigFile(process.cwd(), paths.home);

  const program = new Command("porthole")
    .description("Run AI coding agents (Claude Code, Codex, Aider, any terminal program) and drive them from any browser or phone, end-to-end encrypted.")
    .version("0.1.0")
    .enablePositionalOptions()
    .showHelpAfterError()
    .exitOverride();

  program
    .command("run")
    .description("Run a command in a terminal you can also follow and type into from a phone (prints a QR code and a link).")
    .argument("<command>", "the program to run, e.g. claude")
    .argument("[args...]", "its arguments (put them after --)")
    .passThroughOptions()
    .option("--hub <url>", `use a hub started with \`porthole serve\` instead of the embedded one ${env("hub")}`)
    .option("--token <token>", `an API key or the owner token of that hub (default: your \`porthole login\` there) ${env("token")}`)
    .option("--name <name>", "a label for the session (default: the command line)")
    .option("--listen <host>", `interface for the embedded hub (default 0.0.0.0: reachable on your LAN) ${env("listen")}`)
    .option("--port <port>", `port for the embedded hub (default 8420; the next free one if taken) ${env("port")}`)
    .option("--public-url <url>", `base URL printed in links, e.g. behind a proxy ${env("publicUrl")}`)
    .option("--no-qr", "print the link without a QR code")
    .option("--headless", `no terminal at the desk: run the agent in its structured mode, steered from the chat view (claude only) ${env("headless")}`)
    .option("--log-level <level>", `log level of ~/.porthole/logs/porthole.log ${env("logLevel")}`)
    .action(async (command: string, args: string[], flags: Record<string, unknown>) => {
      const settings = layered(["hub", "token", "listen", "port", "publicUrl", "headless", "attachmentFileBytes", "attachmentMessageBytes", "logLevel"], flags, environment, fileSettings());
      const config = validate(runConfigSchema, { ...settings, command, args, qr: flags.qr !== false, ...(flags.name ? { name: flags.name } : {}) });
      exitCode = await runCommand(config, paths, io);
    });

  program
    .command("resume")
    .description("Continue an earlier Claude Code session of this directory: lists the recent ones (from Claude Code's transcripts), then runs `claude --resume ID` as `porthole run` does, the chat view showing the earlier conversation.")
    .argument("[id]", "the session id (or a unique prefix); without it, pick from the list")
    .argument("[args...]", "more arguments for claude (put them after --)")
    .option("--list", "only list the recent sessions")
    .option("--hub <url>", `use a hub started with \`porthole serve\` instead of the embedded one ${env("hub")}`)
    .option("--token <token>", `an API key or the owner token of that hub ${env("token")}`)
    .option("--listen <host>", `interface for the embedded hub ${env("listen")}`)
    .option("--port <port>", `port for the embedded hub ${env("port")}`)
    .option("--public-url <url>", `base URL printed in links ${env("publicUrl")}`)
    .option("--no-qr", "print the link without a QR code")
    .option("--headless", `no terminal at the desk: Claude Code in its structured mode ${env("headless")}`)
    .option("--log-level <level>", `log level of ~/.porthole/logs/porthole.log ${env("logLevel")}`)
    .action(async (id: string | undefined, args: string[], flags: Record<string, unknown>) => {
      const chosen = await chooseClaudeSession({ home: environment.HOME ?? homedir(), cwd: process.cwd(), id, list: flags.list === true, io });
      if ("message" in chosen) {
        if (chosen.message !== "") io.stderr.write(`porthole: ${chosen.message}\n`);
        exitCode = chosen.code;
        return;
      }
      const settings = layered(["hub", "token", "listen", "port", "publicUrl", "headless", "attachmentFileBytes", "attachmentMessageBytes", "logLevel"], flags, environment, fileSettings());
      const config = validate(runConfigSchema, { ...settings, command: "claude", args: ["--resume", chosen.id, ...args], qr: flags.qr !== false });
      exitCode = await runCommand(config, paths, io);
    });

  program
    .command("serve")
    .description("Start a standalone hub that sessions from several machines can use.")
    .option("--listen <host>", `interface to listen on (default 0.0.0.0) ${env("listen")}`)
    .option("--port <port>", `port (default 8420) ${env("port")}`)
    .option("--data-dir <dir>", `where the SQLite database and the owner token live (default ~/.porthole) ${env("dataDir")}`)
    .option("--database-url <url>", `PostgreSQL URL instead of SQLite ${env("databaseUrl")}`)
    .option("--redis-url <url>", `Redis, to run several hubs behind one load balancer ${env("redisUrl")}`)
    .option("--token <token>", `owner token for registering sessions (default: made at first start) ${env("token")}`)
    .addOption(new Option("--allowed-origins <list>", `extra origins allowed to open the relay, comma-separated ${env("allowedOrigins")}`))
    .option("--replay-bytes <n>", `output kept per session for replay (default 8 MiB) ${env("replayBytes")}`)
    .option("--tls-cert <file>", `PEM certificate: serve HTTPS and WSS (with --tls-key) ${env("tlsCert")}`)
    .option("--tls-key <file>", `PEM private key for --tls-cert ${env("tlsKey")}`)
    .addOption(new Option("--registration <mode>", `who may create accounts: closed (admins add users) or open ${env("registration")}`).choices(["open", "closed"]))
    .option("--init-admin <email>", "create the first admin account (password from PORTHOLE_ADMIN_PASSWORD or the first line of stdin), then exit")
    .option("--public-url <url>", `the hub's public base URL, for the GitHub callback and the device page (default: from each request) ${env("publicUrl")}`)
    .option("--github-client-id <id>", `turn on Login with GitHub with this OAuth app ${env("githubClientId")}`)
    .option("--github-client-secret <secret>", `the OAuth app's secret (prefer the variable) ${env("githubClientSecret")}`)
    .option("--github-authorize-url <url>", `GitHub Enterprise: its authorize URL ${env("githubAuthorizeUrl")}`)
    .option("--github-token-url <url>", `GitHub Enterprise: its access_token URL ${env("githubTokenUrl")}`)
    .option("--github-user-url <url>", `GitHub Enterprise: its API's /user URL ${env("githubUserUrl")}`)
    .option("--push-contact <url>", `your contact for push services in notifications' VAPID tokens, mailto: or https: (docs/notifications.md) ${env("pushContact")}`)
    .option("--hosted", `let logged-in users start agents on this machine, each in a bubblewrap sandbox (docs/hosted.md) ${env("hosted")}`)
    .option("--secret-key-file <file>", `master key of users' secrets (default: PORTHOLE_SECRET_KEY, else DATA_DIR/secret-key made at first start) ${env("secretKeyFile")}`)
    .option("--anthropic-base-url <url>", `the Anthropic API users' keys are checked against (default https://api.anthropic.com) ${env("anthropicBaseUrl")}`)
    .option("--max-file-bytes <n>", `largest file one upload may carry (default 10 MiB) ${env("maxFileBytes")}`)
    .option("--max-workspace-bytes <n>", `largest hosted workspace after an upload (default 100 MiB) ${env("maxWorkspaceBytes")}`)
    .option("--trust-proxy [addresses]", `trust X-Forwarded-* from a reverse proxy (all, or these comma-separated addresses) ${env("trustProxy")}`)
    .option("--log-level <level>", `log level (default info) ${env("logLevel")}`)
    .action(async (flags: Record<string, unknown>) => {
      const settings = layered(["listen", "port", "databaseUrl", "redisUrl", "token", "allowedOrigins", "replayBytes", "tlsCert", "tlsKey", "trustProxy", "registration", ...serveAccountKeys, ...serveSecretAndFileKeys, "hosted", "pushContact", "logLevel"], flags, environment, fileSettings());
      if (environment.PORTHOLE_SECRET_KEY) settings.secretKey = environment.PORTHOLE_SECRET_KEY;
      const filePolicy = fileSettings().filePolicy;
      if (filePolicy !== undefined) settings.filePolicy = filePolicy;
      if (flags.initAdmin) settings.initAdmin = flags.initAdmin;
      if (settings.trustProxy === "true" || settings.trustProxy === "1") settings.trustProxy = true;
      if (settings.trustProxy === "false" || settings.trustProxy === "0") settings.trustProxy = false;
      const config = validate(serveConfigSchema, { dataDir: flags.dataDir ?? paths.home, ...settings });
      exitCode = config.initAdmin ? await initAdminCommand(config, config.initAdmin, { ...io, password: environment.PORTHOLE_ADMIN_PASSWORD }) : await serveCommand(config, io);
    });

  const sessions = program
    .command("sessions")
    .description("List this machine's running sessions; with --hub, all your sessions on that hub.")
    .option("--hub <url>", "list your sessions on this hub (from every machine), with your `porthole login` there")
    .option("--token <token>", "with --hub: an API key instead of the saved login")
    .option("--json", "print JSON")
    .action(async (flags: { json?: boolean; hub?: string; token?: string }) => {
      const account = validate(accountConfigSchema, { hub: flags.hub, token: flags.token });
      exitCode = account.hub
        ? await listHubSessions(paths, io, { hub: account.hub, token: account.token, json: Boolean(flags.json) })
        : await listSessions(paths, io, { json: Boolean(flags.json) });
    });
  sessions
    .command("link")
    .description("Show a session's current pairing link and QR code (each link pairs one device).")
    .argument("<id>", "session id (a unique prefix is enough)")
    .option("--no-qr", "print the link without a QR code")
    .action(async (id: string, flags: { qr: boolean }) => {
      exitCode = await showLink(paths, id, io, { qr: flags.qr });
    });
  sessions
    .command("revoke")
    .description("Stop sharing a session: disconnect every viewer and forget paired devices; the agent keeps running.")
    .argument("<id>", "session id (a unique prefix is enough)")
    .action(async (id: string) => {
      exitCode = await revokeSession(paths, id, io);
    });

  program
    .command("secrets")
    .description("Manage the hub's encrypted user secrets (users' Anthropic API keys).")
    .command("rotate")
    .description("Re-encrypt every user's secret under a new master key, in one transaction. Stop every hub first.")
    .requiredOption("--new-key-file <file>", "the new master key: read from this file, or made there (mode 0600) when it does not exist")
    .option("--data-dir <dir>", `the hub's data directory (default ~/.porthole) ${env("dataDir")}`)
    .option("--database-url <url>", `PostgreSQL URL instead of SQLite ${env("databaseUrl")}`)
    .option("--secret-key-file <file>", `the current master key's file ${env("secretKeyFile")}`)
    .addHelpText(
      "after",
      [
        "",
        "The current key is PORTHOLE_SECRET_KEY, else --secret-key-file, else DATA_DIR/secret-key.",
        "With DATA_DIR/secret-key the new key replaces that file once the transaction commits; otherwise",
        "start the hub with PORTHOLE_SECRET_KEY_FILE pointing at the new key. If anything fails nothing",
        "changes; running the same command again finishes an interrupted rotation.",
      ].join("\n"),
    )
    .action(async (flags: Record<string, unknown>) => {
      const settings = layered(["databaseUrl", "secretKeyFile"], flags, environment, fileSettings());
      exitCode = await rotateCommand(
        {
          dataDir: typeof flags.dataDir === "string" ? flags.dataDir : paths.home,
          newKeyFile: String(flags.newKeyFile),
          secretKey: environment.PORTHOLE_SECRET_KEY || undefined,
          databaseUrl: settings.databaseUrl as string | undefined,
          secretKeyFile: settings.secretKeyFile as string | undefined,
        },
        io,
      );
    });

  const whichHub = (flags: Record<string, unknown>) => validate(accountConfigSchema, layered(["hub"], flags, environment, fileSettings())).hub;

  /** Runs a `porthole projects` action against --hub (or PORTHOLE_HUB) with --token or the saved login. */
  const onProjects = async (flags: Record<string, unknown>, action: ProjectsAction) => {
    const account = validate(accountConfigSchema, { ...layered(["hub"], flags, environment, fileSettings()), token: flags.token });
    if (!account.hub) {
      io.stderr.write("porthole: which hub? pass --hub URL (or set PORTHOLE_HUB)\n");
      exitCode = 2;
      return;
    }
    exitCode = await projectsCommand(paths, io, { hub: account.hub, token: account.token, action });
  };
  const hubOptions = (command: Command) =>
    command.option("--hub <url>", `the hub ${env("hub")}`).option("--token <token>", "an API key instead of the saved login");
  const projects = hubOptions(
    program
      .command("projects")
      .description("List your projects on a hub: each is a working directory on a machine, grouping its sessions."),
  )
    .option("--archived", "also list archived projects")
    .option("--json", "print JSON")
    .action(async (flags: Record<string, unknown>) => onProjects(flags, { t: "list", archived: Boolean(flags.archived), json: Boolean(flags.json) }));
  hubOptions(projects.command("rename").description("Rename a project.").argument("<project>", "id, unique id prefix or name").argument("<name>", "the new name"))
    .action(async (project: string, name: string, flags: Record<string, unknown>) => onProjects(flags, { t: "rename", project, name }));
  hubOptions(projects.command("archive").description("Hide a project and its sessions from the lists (nothing is deleted).").argument("<project>", "id, unique id prefix or name"))
    .action(async (project: string, flags: Record<string, unknown>) => onProjects(flags, { t: "archive", project, archived: true }));
  hubOptions(projects.command("unarchive").description("Show an archived project again.").argument("<project>", "id, unique id prefix or name"))
    .action(async (project: string, flags: Record<string, unknown>) => onProjects(flags, { t: "archive", project, archived: false }));
  hubOptions(projects.command("delete").description("Delete a project with its sessions and their stored output.").argument("<project>", "id, unique id prefix or name"))
    .option("--force", "also while a session's desk is connected (its viewers are disconnected)")
    .action(async (project: string, flags: Record<string, unknown>) => onProjects(flags, { t: "delete", project, force: Boolean(flags.force) }));

  program
    .command("login")
    .description("Log in to a hub from this machine by approving a code in the browser; then `porthole run --hub URL` needs no token.")
    .option("--hub <url>", `the hub ${env("hub")}`)
    .option("--no-qr", "print the code and link without a QR code")
    .action(async (flags: Record<string, unknown>) => {
      const hub = whichHub(flags);
      if (!hub) {
        io.stderr.write("porthole: which hub? pass --hub URL (or set PORTHOLE_HUB)\n");
        exitCode = 2;
        return;
      }
      exitCode = await loginCommand({ hub, qr: flags.qr !== false, credentialsFile: paths.credentials }, io);
    });

  program
    .command("logout")
    .description(`End this machine's login to a hub and forget it (${paths.credentials}).`)
    .option("--hub <url>", `the hub (default: the only one logged in to) ${env("hub")}`)
    .action(async (flags: Record<string, unknown>) => {
      exitCode = await logoutCommand({ hub: whichHub(flags), credentialsFile: paths.credentials }, io);
    });

  program
    .command("whoami")
    .description("Show who is logged in to which hub, checked with each hub.")
    .option("--hub <url>", `only this hub ${env("hub")}`)
    .option("--json", "print JSON")
    .action(async (flags: Record<string, unknown>) => {
      exitCode = await whoamiCommand({ hub: whichHub(flags), credentialsFile: paths.credentials, json: Boolean(flags.json) }, io);
    });

  program
    .command("doctor")
    .description("Check that this machine has what `porthole run` needs, and say how to fix what is missing.")
    .action(async () => {
      exitCode = await doctorCommand(paths, io);
    });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`porthole: ${(error as Error).message}\n`);
    return 1;
  }
  return exitCode;
}
