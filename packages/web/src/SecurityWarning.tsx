// A visible banner for frames the viewer refused (replayed, reordered, altered): the relay or the
// network misbehaved. Test selector: data-testid="security-warning".

export function SecurityWarning(props: { messages: string[]; onDismiss: () => void }) {
  const latest = props.messages.at(-1);
  if (!latest) return null;
  const more = props.messages.length - 1;
  return (
    <div className="security-warning" data-testid="security-warning" role="alert">
      <strong>Security warning:</strong> {latest}
      {more > 0 && <span className="muted"> (+{more} more)</span>}
      <span className="muted"> Porthole refused data that was replayed, reordered or altered in transit. If this keeps happening, the relay or the network may be tampering with the connection.</span>
      <button type="button" className="link-button" onClick={props.onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
