// The agent's questions (Claude Code's AskUserQuestion tool, which waits as a permission request):
// each question with its options as buttons (several for a multiple choice) or the person's own
// words; Answer sends them all, Skip declines. Test selectors: question-card (data-state),
// question-option (data-label, aria-pressed), question-other, question-answer, question-skip.
import type { ChatCommand, ChatEvent } from "@porthole/protocol";
import { useState, type FormEvent } from "react";
import { resolutionText } from "./chatFormat.js";

type Of<T extends ChatEvent["type"]> = Extract<ChatEvent, { type: T }>;

interface Question {
  question: string;
  header: string | undefined;
  multiSelect: boolean;
  options: Array<{ label: string; description: string | undefined }>;
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The questions in a tool input, skipping anything malformed. */
export function questionsOf(input: Record<string, unknown>): Question[] {
  const raw = Array.isArray(input.questions) ? input.questions : [];
  return raw.flatMap((entry): Question[] => {
    const q = entry !== null && typeof entry === "object" ? (entry as Record<string, unknown>) : {};
    const question = text(q.question);
    if (question === undefined || question === "") return [];
    const options = (Array.isArray(q.options) ? q.options : []).flatMap((o) => {
      const option = o !== null && typeof o === "object" ? (o as Record<string, unknown>) : {};
      const label = text(option.label);
      return label === undefined ? [] : [{ label, description: text(option.description) }];
    });
    return [{ question, header: text(q.header), multiSelect: q.multiSelect === true, options }];
  });
}

export function QuestionCard(props: { request: Of<"permission_request">; resolution: Of<"permission_resolved"> | undefined; send: (command: ChatCommand) => boolean }) {
  const { request, resolution } = props;
  const questions = questionsOf(request.input);
  const [chosen, setChosen] = useState<Record<string, string[]>>({});
  const [other, setOther] = useState<Record<string, string>>({});
  const [sent, setSent] = useState(false);
  const answerOf = (q: Question): string => (other[q.question]?.trim() || (chosen[q.question] ?? []).join(", "));
  const complete = questions.length > 0 && questions.every((q) => answerOf(q) !== "");
  const toggle = (q: Question, label: string) => {
    const now = chosen[q.question] ?? [];
    const next = q.multiSelect ? (now.includes(label) ? now.filter((l) => l !== label) : [...now, label]) : [label];
    setChosen({ ...chosen, [q.question]: next });
    setOther({ ...other, [q.question]: "" });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!complete) return;
    const answers = Object.fromEntries(questions.map((q) => [q.question, answerOf(q)]));
    if (props.send({ type: "answer_question", id: request.id, answers })) setSent(true);
  };
  const skip = () => {
    if (props.send({ type: "answer_permission", id: request.id, decision: "deny", reason: "The person skipped these questions." })) setSent(true);
  };
  const state = resolution ? "settled" : sent ? "answering" : "waiting";
  return (
    <section className={`approval approval-${state} question`} data-testid="question-card" data-state={state} aria-label="The agent asks">
      <form onSubmit={submit}>
        {questions.map((q) => (
          <fieldset key={q.question} className="question-item" disabled={state !== "waiting"}>
            <legend className="approval-title">
              {q.header !== undefined && <span className="question-header">{q.header}</span>} {q.question}
            </legend>
            <div className="question-options">
              {q.options.map((option) => (
                <button
                  key={option.label}
                  type="button"
                  className="question-option"
                  data-testid="question-option"
                  data-label={option.label}
                  aria-pressed={(chosen[q.question] ?? []).includes(option.label)}
                  onClick={() => toggle(q, option.label)}
                >
                  <span className="question-label">{option.label}</span>
                  {option.description !== undefined && <span className="question-description">{option.description}</span>}
                </button>
              ))}
            </div>
            <input
              data-testid="question-other"
              aria-label={`Your own answer to: ${q.question}`}
              placeholder="Or type your own answer"
              maxLength={2000}
              value={other[q.question] ?? ""}
              onChange={(e) => {
                setOther({ ...other, [q.question]: e.target.value });
                if (e.target.value !== "") setChosen({ ...chosen, [q.question]: [] });
              }}
            />
          </fieldset>
        ))}
        {resolution ? (
          <p className={`approval-outcome approval-${resolution.outcome}`} data-testid="approval-outcome" data-outcome={resolution.outcome} data-by={resolution.by}>
            {resolution.outcome === "allowed" && resolution.by === "viewer" ? "Answered from Porthole" : resolutionText(resolution)}
          </p>
        ) : (
          <div className="approval-actions">
            <button type="submit" className="button" data-testid="question-answer" disabled={!complete || sent}>
              Answer
            </button>
            <button type="button" className="button button-secondary" data-testid="question-skip" disabled={sent} onClick={skip}>
              Skip
            </button>
            {sent && <p className="approval-note">Sending your answer…</p>}
          </div>
        )}
      </form>
    </section>
  );
}
