// Renders chat markdown (parsed by markdown.ts) as React elements. Text only ever becomes text
// nodes, so HTML in a message is shown, never run; links open in a new tab without a referrer.
import type { ReactNode } from "react";
import { CodeBlock } from "./CodeBlock.js";
import { parseMarkdown, type Block, type Inline } from "./markdown.js";

function inline(nodes: readonly Inline[]): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.t) {
      case "text":
        return node.text;
      case "code":
        return <code key={i}>{node.text}</code>;
      case "strong":
        return <strong key={i}>{inline(node.children)}</strong>;
      case "em":
        return <em key={i}>{inline(node.children)}</em>;
      case "del":
        return <del key={i}>{inline(node.children)}</del>;
      case "link":
        return (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer">
            {inline(node.children)}
          </a>
        );
      case "br":
        return <br key={i} />;
    }
  });
}

function block(node: Block, i: number): ReactNode {
  switch (node.t) {
    case "p":
      return <p key={i}>{inline(node.children)}</p>;
    case "h": {
      const Heading = `h${Math.min(6, node.level + 2)}` as "h3";
      return <Heading key={i}>{inline(node.children)}</Heading>;
    }
    case "code":
      return <CodeBlock key={i} code={node.text} lang={node.lang} />;
    case "quote":
      return <blockquote key={i}>{node.children.map(block)}</blockquote>;
    case "list": {
      const items = node.items.map((item, j) => <li key={j}>{item.map(block)}</li>);
      return node.ordered ? (
        <ol key={i} start={node.start}>
          {items}
        </ol>
      ) : (
        <ul key={i}>{items}</ul>
      );
    }
    case "hr":
      return <hr key={i} />;
  }
}

export function Markdown(props: { text: string }) {
  return <div className="md">{parseMarkdown(props.text).map(block)}</div>;
}
