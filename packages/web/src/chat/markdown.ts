// A small markdown parser for chat messages: paragraphs, headings, lists, quotes, fenced code,
// rules; inline code, bold, italic, strikethrough and links. It makes a tree of plain text that
// Markdown.tsx renders as React elements: raw HTML is never interpreted, only shown as text.

export type Inline =
  | { t: "text"; text: string }
  | { t: "code"; text: string }
  | { t: "strong" | "em" | "del"; children: Inline[] }
  | { t: "link"; href: string; children: Inline[] }
  | { t: "br" };

export type Block =
  | { t: "p"; children: Inline[] }
  | { t: "h"; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { t: "code"; lang: string; text: string }
  | { t: "quote"; children: Block[] }
  | { t: "list"; ordered: boolean; start: number; items: Block[][] }
  | { t: "hr" };

/** Link targets we make clickable; anything else (javascript:, data:, relative) stays text. */
export function safeHref(href: string): string | undefined {
  return /^(https?:\/\/|mailto:)/i.test(href.trim()) ? href.trim() : undefined;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}> ?/;
const BULLET = /^( {0,3})([-*+])\s+/;
const NUMBERED = /^( {0,3})(\d{1,9})[.)]\s+/;

const startsBlock = (line: string): boolean => FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || BULLET.test(line) || NUMBERED.test(line);

/** Parses markdown into blocks. */
export function parseMarkdown(source: string, depth = 0): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === "") {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(marker)) body.push(lines[i++]!);
      i++;
      blocks.push({ t: "code", lang: fence[2]!.toLowerCase(), text: body.join("\n") });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ t: "h", level: heading[1]!.length as 1, children: parseInline(heading[2]!) });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ t: "hr" });
      i++;
      continue;
    }
    if (QUOTE.test(line) && depth < 8) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) body.push(lines[i++]!.replace(QUOTE, ""));
      blocks.push({ t: "quote", children: parseMarkdown(body.join("\n"), depth + 1) });
      continue;
    }
    const listStart = BULLET.exec(line) ?? NUMBERED.exec(line);
    if (listStart && depth < 8) {
      const ordered = NUMBERED.test(line);
      const marker = ordered ? NUMBERED : BULLET;
      const items: string[][] = [];
      while (i < lines.length) {
        const current = lines[i]!;
        const item = marker.exec(current);
        if (item && item[1]!.length <= listStart[1]!.length) items.push([current.slice(item[0].length)]);
        else if (current.trim() !== "" && /^\s/.test(current) && items.length > 0) items.at(-1)!.push(current.replace(/^ {1,4}/, ""));
        else if (current.trim() === "" && marker.test(lines[i + 1] ?? "")) {
          i++;
          continue;
        } else break;
        i++;
      }
      blocks.push({ t: "list", ordered, start: ordered ? Number(listStart[2]) : 1, items: items.map((body) => parseMarkdown(body.join("\n"), depth + 1)) });
      continue;
    }
    const body: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== "" && (body.length === 0 || !startsBlock(lines[i]!))) body.push(lines[i++]!);
    blocks.push({ t: "p", children: parseInline(body.join("\n")) });
  }
  return blocks;
}

/** Inline markers, tried at each position in this order; spans are bounded so hostile text stays linear. */
const INLINE = /(`{1,8})([\s\S]{0,1000}?[^`])\1(?!`)|\*\*(?=\S)([\s\S]{0,1000}?\S)\*\*|__(?=\S)([\s\S]{0,1000}?\S)__|~~(?=\S)([\s\S]{0,1000}?\S)~~|\*(?=[^\s*])([\s\S]{0,1000}?[^\s*])\*|(?<![\w])_(?=[^\s_])([\s\S]{0,1000}?[^\s_])_(?![\w])|\[([^\]\n]{1,500})\]\(([^)\s]{1,2000})\)|\n/;

/** Parses inline markdown into nodes; anything that is not markup stays text. */
export function parseInline(source: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  const text = (value: string) => {
    if (value === "") return;
    const last = out.at(-1);
    if (last?.t === "text") last.text += value;
    else out.push({ t: "text", text: value });
  };
  const pattern = new RegExp(INLINE.source, "g");
  let at = 0;
  for (let match = depth < 6 ? pattern.exec(source) : null; match !== null; match = pattern.exec(source)) {
    text(source.slice(at, match.index));
    at = match.index + match[0].length;
    const [, ticks, code, strong, strong2, del, em, em2, label, href] = match;
    if (ticks !== undefined) out.push({ t: "code", text: code!.replace(/^ (.*) $/s, "$1") });
    else if (strong !== undefined || strong2 !== undefined) out.push({ t: "strong", children: parseInline(strong ?? strong2!, depth + 1) });
    else if (del !== undefined) out.push({ t: "del", children: parseInline(del, depth + 1) });
    else if (em !== undefined || em2 !== undefined) out.push({ t: "em", children: parseInline(em ?? em2!, depth + 1) });
    else if (label !== undefined) {
      const safe = safeHref(href!);
      if (safe === undefined) text(match[0]);
      else out.push({ t: "link", href: safe, children: parseInline(label, depth + 1) });
    } else out.push({ t: "br" });
  }
  text(source.slice(at));
  return out;
}
