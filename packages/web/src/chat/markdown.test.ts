import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./Markdown.js";
import { parseInline, parseMarkdown, safeHref } from "./markdown.js";

const html = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

describe("chat markdown", () => {
  it("shows raw HTML as text, never as markup", () => {
    const out = html('<script>alert(1)</script> <img src=x onerror="alert(2)"> **<b>bold</b>**');
    expect(out).not.toMatch(/<script|<img|<b>/);
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).toContain("&lt;img src=x onerror=&quot;alert(2)&quot;&gt;");
    expect(out).toContain("<strong>&lt;b&gt;bold&lt;/b&gt;</strong>");
    expect(html("```html\n<iframe src=\"https://evil\"></iframe>\n```")).toContain("&lt;iframe");
  });

  it("links only http, https and mailto; anything else stays text", () => {
    expect(html("[site](https://example.com/a?b=1)")).toContain('<a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer">site</a>');
    for (const href of ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<b>", "vbscript:x", "/relative"]) {
      expect(safeHref(href)).toBeUndefined();
      expect(html(`[click](${href})`)).not.toContain("<a ");
    }
  });

  it("renders paragraphs, headings, lists, quotes, rules and inline styles", () => {
    const blocks = parseMarkdown("# Title\n\nSome *em*, __strong__, ~~gone~~ and `code`.\nNext line\n\n- one\n- two\n\n3. three\n4. four\n\n> quoted\n\n---");
    expect(blocks.map((b) => b.t)).toEqual(["h", "p", "list", "list", "quote", "hr"]);
    expect(blocks[3]).toMatchObject({ t: "list", ordered: true, start: 3 });
    const out = html("Some *em*, __strong__, ~~gone~~ and `a <b>`.\nNext");
    expect(out).toBe("<div class=\"md\"><p>Some <em>em</em>, <strong>strong</strong>, <del>gone</del> and <code>a &lt;b&gt;</code>.<br/>Next</p></div>");
    expect(parseInline("snake_case_name stays")).toEqual([{ t: "text", text: "snake_case_name stays" }]);
  });

  it("keeps fenced code whole, with its language, and highlights it", () => {
    const blocks = parseMarkdown("Before\n```ts\nconst x = \"*not em*\"; // note\n\n```\nAfter");
    expect(blocks).toEqual([
      { t: "p", children: [{ t: "text", text: "Before" }] },
      { t: "code", lang: "ts", text: 'const x = "*not em*"; // note\n' },
      { t: "p", children: [{ t: "text", text: "After" }] },
    ]);
    const out = html("```ts\nconst x = 1; // one\n```");
    expect(out).toContain('<span class="tok-keyword">const</span>');
    expect(out).toContain('<span class="tok-comment">// one</span>');
  });

  it("survives hostile nesting and unclosed markers", () => {
    expect(() => parseMarkdown(`${"> ".repeat(500)}deep\n${"- ".repeat(500)}x\n${"**".repeat(2000)}`)).not.toThrow();
    expect(html("**unclosed and `open")).toContain("**unclosed and `open");
  });
});
