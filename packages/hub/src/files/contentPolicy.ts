// The upload content policy: refused extensions, dot-files, and content that starts like a program
// (ELF, Mach-O, PE, Java class / fat binary, `#!` scripts). Files are written 0644 whatever passes.
import { PortholeError } from "@porthole/protocol";
import type { FilePolicy } from "./filesConfig.js";

/** Bytes of the file start the magic check needs. */
export const sniffBytes = 4;

const magics: { bytes: number[]; what: string }[] = [
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: "an ELF program" },
  { bytes: [0xfe, 0xed, 0xfa, 0xce], what: "a Mach-O program" },
  { bytes: [0xfe, 0xed, 0xfa, 0xcf], what: "a Mach-O program" },
  { bytes: [0xce, 0xfa, 0xed, 0xfe], what: "a Mach-O program" },
  { bytes: [0xcf, 0xfa, 0xed, 0xfe], what: "a Mach-O program" },
  { bytes: [0xca, 0xfe, 0xba, 0xbe], what: "a Mach-O fat binary or Java class" },
  { bytes: [0x4d, 0x5a], what: "a Windows program (PE)" },
  { bytes: [0x23, 0x21], what: "a script with a #! line" },
];

/** Refuses a name the policy forbids (before any byte is written). */
export function checkNamePolicy(name: string, policy: FilePolicy): void {
  if (!policy.allowDotfiles && name.startsWith(".")) throw new PortholeError("bad_request", "names starting with a dot are refused by this hub's file policy");
  const parts = name.toLowerCase().split(".").slice(1);
  const refused = parts.find((ext) => policy.refusedExtensions.includes(ext));
  if (refused !== undefined) throw new PortholeError("bad_request", `.${refused} files are refused by this hub's file policy`);
}

/** Refuses content that starts like a program; `head` is at least the file's first sniffBytes bytes (or all of a shorter file). */
export function checkContentPolicy(head: Uint8Array, policy: FilePolicy): void {
  if (!policy.refuseExecutableContent) return;
  const hit = magics.find((m) => m.bytes.length <= head.length && m.bytes.every((b, i) => head[i] === b));
  if (hit) throw new PortholeError("bad_request", `the file looks like ${hit.what}, which this hub's file policy refuses`);
}
