// Names and paths of workspace files as clients send them, checked by the server: one rule broken is a
// 400 naming the rule, never a silent rewrite. Paths are "/"-separated names, each checked alone.
import { PortholeError } from "@porthole/protocol";

/** Longest name, in UTF-8 bytes (Linux NAME_MAX). */
export const maxNameBytes = 255;
/** Deepest path a client may name. */
const maxDepth = 32;
/** The prefix of uploads in progress: never listed, never a name a client may use. */
export const partialPrefix = ".porthole-upload-";

/** C0 and C1 controls, DEL, and bidi/format characters that make a name read as something else. */
const unsafeChars = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

/** Percent-decodes what can be decoded, so "%2e%2e%2f" is checked as the "../" it would become. */
function decodedForms(name: string): string[] {
  const forms = [name];
  let current = name;
  for (let i = 0; i < 3 && /%[0-9a-fA-F]{2}/.test(current); i++) {
    try {
      current = decodeURIComponent(current);
    } catch {
      current = current.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
    forms.push(current);
  }
  return forms;
}

/** Why a single name is refused, or undefined when it is fine. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (Buffer.byteLength(name, "utf8") > maxNameBytes) return `is longer than ${maxNameBytes} bytes`;
  for (const form of decodedForms(name)) {
    if (form.includes("\u0000")) return "contains a NUL character";
    if (unsafeChars.test(form)) return "contains control or text-direction characters";
    if (form.includes("/") || form.includes("\\")) return "contains a path separator (/ or \\)";
    if (form === "." || form === ".." || form.startsWith("../") || form.startsWith("..\\")) return "is a relative path (. or ..)";
  }
  if (/^[A-Za-z]:/.test(name)) return "looks like a drive path";
  if (/[ .]$/.test(name) || /^\s/.test(name)) return "starts with a space or ends with a space or a dot";
  if (name.startsWith(partialPrefix)) return "is reserved for uploads in progress";
  return undefined;
}

/** Checks one name or throws bad_request naming the rule. */
export function checkName(name: string, what = "the file name"): string {
  const problem = nameProblem(name);
  if (problem !== undefined) throw new PortholeError("bad_request", `${what} ${problem}`);
  return name;
}

/** Checks an upload's name after putting it in Unicode normal form C (macOS sends decomposed names). */
export function checkUploadName(name: string): string {
  return checkName(name.normalize("NFC"));
}

/** Splits a relative path ("docs/notes.md") into checked names; "" is the workspace itself. */
export function checkPath(path: string): string[] {
  if (path === "") return [];
  if (path.startsWith("/")) throw new PortholeError("bad_request", "the path must be relative to the workspace");
  if (path.includes("\u0000")) throw new PortholeError("bad_request", "the path contains a NUL character");
  const parts = path.split("/");
  if (parts.length > maxDepth) throw new PortholeError("bad_request", `the path is deeper than ${maxDepth} levels`);
  return parts.map((part) => checkName(part, "a path segment"));
}
