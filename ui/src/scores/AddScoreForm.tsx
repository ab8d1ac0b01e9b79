import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { errorMessage } from "../api/client";
import { CREATE_SCORE } from "../api/scores";
import type { ScoreDataType } from "../api/types";
import { scoreInput, type ScoreForm, type ScoreTarget } from "./scoreInput";

const EMPTY: ScoreForm = { name: "", dataType: "NUMERIC", value: "", comment: "" };

/** A person's score or comment on a trace, an observation or a session (source ANNOTATION). */
export function AddScoreForm({ target, label }: { target: ScoreTarget; label: string }) {
  const [form, setForm] = useState<ScoreForm>(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [{ fetching }, createScore] = useMutation(CREATE_SCORE);
  const set = (field: keyof ScoreForm) => (value: string) => setForm({ ...form, [field]: value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = scoreInput(form, target);
    if ("error" in input) return setProblem(input.error);
    const result = await createScore({ input });
    if (result.error) return setProblem(errorMessage(result.error));
    setProblem(null);
    setSaved(`Saved ${input.name}.`);
    setForm({ ...EMPTY, dataType: form.dataType });
  };

  return (
    <form className="score-form" onSubmit={submit} aria-label={label}>
      <input
        aria-label="Score name"
        placeholder="name (e.g. correctness)"
        value={form.name}
        onChange={(event) => set("name")(event.target.value)}
      />
      <select
        aria-label="Score type"
        value={form.dataType}
        onChange={(event) => setForm({ ...form, dataType: event.target.value as ScoreDataType, value: "" })}
      >
        <option value="NUMERIC">number</option>
        <option value="BOOLEAN">true/false</option>
        <option value="CATEGORICAL">label</option>
      </select>
      {form.dataType === "BOOLEAN" ? (
        <select aria-label="Score value" value={form.value} onChange={(event) => set("value")(event.target.value)}>
          <option value="">–</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      ) : (
        <input
          aria-label="Score value"
          placeholder={form.dataType === "NUMERIC" ? "0.9" : "label"}
          inputMode={form.dataType === "NUMERIC" ? "decimal" : "text"}
          value={form.value}
          onChange={(event) => set("value")(event.target.value)}
        />
      )}
      <input
        aria-label="Comment"
        placeholder="comment (optional)"
        value={form.comment}
        onChange={(event) => set("comment")(event.target.value)}
      />
      <button type="submit" disabled={fetching}>
        Add score
      </button>
      {problem && <span className="form-error" role="alert">{problem}</span>}
      {saved && !problem && <span className="form-ok" role="status">{saved}</span>}
    </form>
  );
}
