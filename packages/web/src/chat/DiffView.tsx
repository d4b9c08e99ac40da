// A file edit's unified diff: removed lines red, added lines green, with line numbers.
// Test selector: data-testid="diff-line" with data-kind add / del / context.
import { parseDiff } from "./diff.js";

export function DiffView(props: { diff: string }) {
  const rows = parseDiff(props.diff).filter((row) => row.kind !== "file");
  return (
    <div className="diff" role="table" aria-label="Changes">
      {rows.map((row, i) =>
        row.kind === "hunk" || row.kind === "note" ? (
          <div key={i} className={`diff-row diff-${row.kind}`}>
            {row.text}
          </div>
        ) : (
          <div key={i} className={`diff-row diff-${row.kind}`} data-testid="diff-line" data-kind={row.kind} role="row">
            <span className="diff-no">{row.oldNo ?? ""}</span>
            <span className="diff-no">{row.newNo ?? ""}</span>
            <span className="diff-sign">{row.kind === "add" ? "+" : row.kind === "del" ? "−" : " "}</span>
            <span className="diff-text">{row.text}</span>
          </div>
        ),
      )}
    </div>
  );
}
