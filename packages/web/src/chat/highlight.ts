// Simple code highlighting for chat code blocks: comments, strings, numbers and common keywords of
// the languages agents write most (TS/JS, Python, shell, Go, Rust, JSON). Tokens are plain text.

export type TokenKind = "plain" | "comment" | "string" | "number" | "keyword";
export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set(
  (
    "abstract as async await break case catch class const continue def default del do elif else enum except export extends false " +
    "final finally fn for from func function go if impl implements import in interface is lambda let loop match mod mut new nil " +
    "none null package pass pub raise return self static struct super switch this throw trait true try type typeof undefined " +
    "use var void while with yield then fi done esac echo local readonly"
  ).split(" "),
);

/** Comment syntax by language family. */
function commentPattern(lang: string): string {
  if (/^(py|python|sh|bash|zsh|shell|console|yaml|yml|toml|rb|ruby|dockerfile|make|makefile)$/.test(lang)) return "#[^\\n]*";
  if (/^(sql|lua|hs|haskell)$/.test(lang)) return "--[^\\n]*";
  if (/^(json|md|markdown|text|txt|diff|)$/.test(lang)) return "(?!)";
  return "\\/\\/[^\\n]*|\\/\\*[\\s\\S]*?\\*\\/";
}

/** Splits code into highlighted tokens; joined, their text is exactly the input. */
export function highlight(code: string, lang: string): Token[] {
  const pattern = new RegExp(
    `(${commentPattern(lang.toLowerCase())})|("(?:[^"\\\\\\n]|\\\\.)*"|'(?:[^'\\\\\\n]|\\\\.)*'|\`(?:[^\`\\\\]|\\\\.)*\`)|(\\b\\d[\\d_]*(?:\\.\\d+)?\\b)|([A-Za-z_]\\w*)`,
    "g",
  );
  const tokens: Token[] = [];
  const push = (kind: TokenKind, text: string) => {
    const last = tokens.at(-1);
    if (last?.kind === kind) last.text += text;
    else tokens.push({ kind, text });
  };
  let at = 0;
  for (const match of code.matchAll(pattern)) {
    push("plain", code.slice(at, match.index));
    const [text, comment, string, number] = match;
    if (comment !== undefined) push("comment", text);
    else if (string !== undefined) push("string", text);
    else if (number !== undefined) push("number", text);
    else push(KEYWORDS.has(text) ? "keyword" : "plain", text);
    at = match.index + text.length;
  }
  push("plain", code.slice(at));
  return tokens.filter((token) => token.text !== "");
}
