// Input checks shared by the session and project routes: printable text and zod parsing that
// throws a bad_request PortholeError naming the first bad field.
import { PortholeError } from "@porthole/protocol";
import { z } from "zod";

/** Printable text of at most `max` characters: no NUL or other control characters (tab allowed). */
export const printable = (max: number) => z.string().max(max).regex(/^[^\u0000-\u0008\u000a-\u001f\u007f]*$/, "must not contain control characters");

/** "true" / "false" in a query string, as a boolean. */
export const queryBoolean = z.enum(["true", "false"]).transform((v) => v === "true");

/** The parsed value, or a bad_request naming the first problem ("name: too long"). */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new PortholeError("bad_request", issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid request");
}
