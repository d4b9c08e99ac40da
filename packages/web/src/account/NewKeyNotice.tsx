// A new API key, shown this once: the key, a copy button, a warning, and how to use it.
import { useRef, useState } from "react";

export function NewKeyNotice({ apiKey, name, onDone }: { apiKey: string; name: string; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "no">();
  const keyRef = useRef<HTMLElement>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(apiKey);
      setCopied("yes");
    } catch {
      // No clipboard (an http:// page, or permission refused): select it for a manual copy.
      const range = document.createRange();
      if (keyRef.current) range.selectNodeContents(keyRef.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied("no");
    }
  };

  return (
    <div className="notice notice-warn" data-testid="apikey-new" role="status">
      <p>
        <strong>Copy the key “{name}” now.</strong> It is shown only this once: the hub keeps only a hash of it and cannot show it again.
      </p>
      <code className="secret" ref={keyRef} data-testid="apikey-value">
        {apiKey}
      </code>
      <div className="row">
        <button type="button" className="button button-small" data-testid="apikey-copy" onClick={() => void copy()}>
          Copy
        </button>
        {copied === "yes" && <span className="ok">Copied.</span>}
        {copied === "no" && <span className="muted">Selected: copy it with your keyboard or menu.</span>}
      </div>
      <p className="muted">
        Use it on a computer: <code>porthole run --hub {window.location.origin} --token KEY -- claude</code>
      </p>
      <button type="button" className="button button-secondary button-small" data-testid="apikey-done" onClick={onDone}>
        I have saved it
      </button>
    </div>
  );
}
