// Settings of session files (merged into the hub config): size limits and the content policy that
// refuses executables and other dangerous uploads. docs/files.md explains the policy.
import { z } from "zod";

/** Extensions refused by default: programs and scripts a person or a machine might run by opening them. */
export const defaultRefusedExtensions = [
  "exe", "dll", "com", "scr", "msi", "msp", "cpl", "sys", "drv", "pif", "lnk", "jar", "app", "apk", "dmg", "deb", "rpm",
  "bat", "cmd", "ps1", "psm1", "vbs", "vbe", "wsf", "wsh", "hta", "reg",
  "sh", "bash", "zsh", "ksh", "csh", "fish", "command", "so", "dylib", "elf", "run",
];

export const filesConfigSchema = z
  .object({
    /** Largest file one upload may carry, in bytes (default 10 MiB). */
    maxFileBytes: z.number().int().min(1).max(4 * 1024 ** 3).default(10 * 1024 * 1024),
    /** Largest total of regular files in one workspace after an upload, in bytes (default 100 MiB). */
    maxWorkspaceBytes: z.number().int().min(1).max(1024 ** 4).default(100 * 1024 * 1024),
    /** What uploads are refused (see docs/files.md). */
    policy: z
      .object({
        /** Refuse content that starts like a program: ELF, Mach-O, PE (MZ), Java class / fat binary, or a `#!` script. */
        refuseExecutableContent: z.boolean().default(true),
        /** File name extensions refused, lower-case, without the dot (compared case-insensitively, each dotted part of the name). */
        refusedExtensions: z.array(z.string().regex(/^[a-z0-9]{1,16}$/)).default(defaultRefusedExtensions),
        /** Allow names that start with a dot (.bashrc, .npmrc, .env): off, since tools read such files as configuration. */
        allowDotfiles: z.boolean().default(false),
      })
      .prefault({}),
  })
  .prefault({});

export type FilesConfig = Readonly<z.output<typeof filesConfigSchema>>;
export type FilePolicy = FilesConfig["policy"];
