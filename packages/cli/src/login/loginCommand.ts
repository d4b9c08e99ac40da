// `porthole login`: the device flow (RFC 8628). Shows a code, the page to enter it on and a QR code
// of the page with the code filled in, polls at the hub's interval (5 s more after each slow_down,
// backing off while the hub is unreachable), then saves the login in the credentials file.
import QRCode from "qrcode";
import { authApi, HubError, type DeviceStart, type TokenPair } from "../run/hubApi.js";
import { hubKey, saveLogin } from "./credentials.js";
import { savedFrom } from "./hubCredentials.js";

export interface LoginIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Longest wait between polls while the hub is unreachable or busy, in seconds. */
const maxBackoffSeconds = 60;

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

export async function loginCommand(opts: { hub: string; qr: boolean; credentialsFile: string }, io: LoginIo): Promise<number> {
  const say = (text: string) => io.stderr.write(`porthole: ${text}\n`);
  const hub = hubKey(opts.hub);
  let start: DeviceStart;
  try {
    start = await authApi.startDevice(hub);
  } catch (error) {
    if (error instanceof HubError && error.status === 404) say(`${hub} has no accounts: log in to a hub started with \`porthole serve\``);
    else say(`could not start a login at ${hub}: ${(error as Error).message}`);
    return 1;
  }
  io.stdout.write(`To log in to ${hub}, open this page where you are signed in to it:\n\n  ${start.verificationUri}\n\nand enter the code:  ${start.userCode}\n\n`);
  if (opts.qr) {
    io.stdout.write(await QRCode.toString(start.verificationUriComplete, { type: "terminal", small: true, errorCorrectionLevel: "L" }));
    io.stdout.write(`  (or scan this to open ${start.verificationUriComplete})\n\n`);
  }
  io.stdout.write(`Waiting for approval (the code expires in ${Math.round(start.expiresIn / 60)} minutes; Ctrl-C to cancel)...\n`);

  const pair = await pollForTokens(hub, start, say);
  if (typeof pair === "string") {
    say(pair);
    return 1;
  }
  try {
    saveLogin(opts.credentialsFile, hub, savedFrom(hub, pair));
  } catch (error) {
    say(`logged in, but could not save the login: ${(error as Error).message}`);
    return 1;
  }
  io.stdout.write(`Logged in to ${hub} as ${pair.user.email ?? pair.user.displayName}. Start a session there with: porthole run --hub ${hub} -- claude\n`);
  return 0;
}

/** Polls until the hub hands out tokens; a string says why it never will. */
async function pollForTokens(hub: string, start: DeviceStart, say: (text: string) => void): Promise<TokenPair | string> {
  const deadline = Date.now() + start.expiresIn * 1000;
  let interval = Math.max(1, start.interval);
  let wait = interval;
  let warned = false;
  while (Date.now() < deadline) {
    await sleep(wait);
    wait = interval;
    try {
      return await authApi.pollDevice(hub, start.deviceCode);
    } catch (error) {
      if (!(error instanceof HubError)) throw error;
      switch (error.code) {
        case "authorization_pending":
          continue;
        case "slow_down":
          interval += 5;
          wait = interval;
          continue;
        case "expired_token":
          return "the code expired before it was approved: run porthole login again";
        case "access_denied":
          return "the login was denied in the browser";
        case "invalid_grant":
          return "the hub no longer accepts this code: run porthole login again";
        default:
          // Unreachable, rate limited or failing for now: keep trying, waiting longer each time.
          if (!warned) say(`the hub did not answer (${error.message}); still trying`);
          warned = true;
          wait = Math.min(maxBackoffSeconds, wait * 2);
      }
    }
  }
  return "the code expired before it was approved: run porthole login again";
}
