import type { ComponentChildren } from "preact";
import { useId, useState } from "preact/hooks";
import type { ApiError } from "../api.js";
import { useLocality } from "../i18n/index.js";

interface FieldProps {
  label: string;
  name: string;
  error?: ApiError | undefined;
  required?: boolean;
}

/** The API's complaint about one field (issues name their path), shown under that field. */
function fieldIssue(error: ApiError | undefined, name: string): string | undefined {
  return error?.issues.find((issue) => issue.path === name)?.message;
}

function FieldFrame(props: FieldProps & { id: string; children: ComponentChildren }) {
  const issue = fieldIssue(props.error, props.name);
  return (
    <div class={issue ? "field invalid" : "field"}>
      <label for={props.id}>
        {props.label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      {props.children}
      {issue && (
        <span id={`${props.id}-error`} class="field-error">
          {issue}
        </span>
      )}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    value: string;
    onInput: (value: string) => void;
    type?: "text" | "date" | "number" | "url" | "password";
    step?: string;
    placeholder?: string;
    list?: string;
  },
) {
  const id = useId();
  const invalid = fieldIssue(props.error, props.name) !== undefined;
  return (
    <FieldFrame {...props} id={id}>
      <input
        id={id}
        name={props.name}
        // Preact types each input type apart; all of these take a plain string value.
        type={(props.type ?? "text") as "text"}
        step={props.step}
        list={props.list}
        placeholder={props.placeholder}
        required={props.required}
        value={props.value}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
    </FieldFrame>
  );
}

export function SelectField(
  props: FieldProps & {
    value: string;
    onChange: (value: string) => void;
    options: { value: string; label: string }[];
  },
) {
  const id = useId();
  const invalid = fieldIssue(props.error, props.name) !== undefined;
  return (
    <FieldFrame {...props} id={id}>
      <select
        id={id}
        name={props.name}
        value={props.value}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField(props: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div class="field checkbox">
      <input
        id={id}
        name={props.name}
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      <label for={id}>{props.label}</label>
    </div>
  );
}

/** Everything the API refused that no single field shows. */
/** An editing form: its title names it for assistive technology and heads it. */
export function EditorForm(props: { title: string; onSubmit: () => void; children: ComponentChildren }) {
  return (
    <form
      class="editor"
      aria-label={props.title}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      <h2>{props.title}</h2>
      {props.children}
    </form>
  );
}

export function ErrorNotice({ error }: { error: ApiError | undefined }) {
  const { t } = useLocality();
  if (!error) return null;
  return (
    <div class="notice error" role="alert">
      <strong>{t("error_title")}</strong>: {error.message}
      {error.issues.length > 0 && (
        <ul>
          {error.issues.map((issue) => (
            <li key={issue.path + issue.message}>
              {issue.path ? <code>{issue.path}</code> : null} {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useLocality();
  return (
    <p class="muted" role="status">
      {t("loading")}
    </p>
  );
}

/** A form's text values and the props binding one field to them (name, value, onInput). */
export function useForm<T extends Record<string, string>>(initial: T | (() => T)) {
  const [form, setForm] = useState<T>(initial);
  const field = (name: keyof T & string) => ({
    name,
    value: form[name],
    onInput: (value: string) => setForm({ ...form, [name]: value }),
  });
  return { form, setForm, field };
}
