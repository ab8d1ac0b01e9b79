import type { ScoreInput } from "../api/scores";
import type { ScoreDataType } from "../api/types";

export interface ScoreForm {
  name: string;
  dataType: ScoreDataType;
  value: string;
  comment: string;
}

export interface ScoreTarget {
  traceId?: string;
  observationId?: string;
  sessionId?: string;
}

/** The createScore input of a filled-in form (a person's annotation), or what is wrong. */
export function scoreInput(form: ScoreForm, target: ScoreTarget): ScoreInput | { error: string } {
  const name = form.name.trim();
  if (!name) return { error: "Give the score a name." };
  const base: ScoreInput = {
    name,
    dataType: form.dataType,
    source: "ANNOTATION",
    ...target,
    ...(form.comment.trim() ? { comment: form.comment.trim() } : {}),
  };
  const value = form.value.trim();
  switch (form.dataType) {
    case "NUMERIC": {
      const number = Number(value);
      if (value === "" || !Number.isFinite(number)) return { error: "The value must be a number." };
      return { ...base, value: number };
    }
    case "BOOLEAN":
      if (value !== "true" && value !== "false") return { error: "Choose true or false." };
      return { ...base, value: value === "true" ? 1 : 0 };
    case "CATEGORICAL":
      if (!value) return { error: "Give the label." };
      return { ...base, stringValue: value };
  }
}
