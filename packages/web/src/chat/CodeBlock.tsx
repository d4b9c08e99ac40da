// A code block with simple highlighting (highlight.ts); scrolls sideways rather than wrapping.
import { highlight } from "./highlight.js";

export function CodeBlock(props: { code: string; lang: string }) {
  return (
    <pre className="code-block" data-lang={props.lang || undefined}>
      <code>
        {highlight(props.code, props.lang).map((token, i) =>
          token.kind === "plain" ? (
            token.text
          ) : (
            <span key={i} className={`tok-${token.kind}`}>
              {token.text}
            </span>
          ),
        )}
      </code>
    </pre>
  );
}
