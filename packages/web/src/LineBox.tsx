// A text box for typing a whole command with the phone's keyboard (autocorrect off); Send passes
// the text up, and the parent sends it followed by Enter.
import { useState, type FormEvent } from "react";

export function LineBox(props: { onSend: (text: string) => void }) {
  const [text, setText] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSend(text);
    setText("");
  };
  return (
    <form className="line-box" onSubmit={submit}>
      <input
        data-testid="line-input"
        aria-label="Command"
        placeholder="Type a command…"
        value={text}
        onChange={(event) => setText(event.target.value)}
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        spellCheck={false}
        enterKeyHint="send"
      />
      <button type="submit" data-testid="line-send" onMouseDown={(event) => event.preventDefault()}>
        Send
      </button>
    </form>
  );
}
