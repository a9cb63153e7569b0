// Form fields: a label, the control, an optional hint and the field's error right under it,
// tied together with ids so screen readers announce the error with the field. The error
// paragraph is always there (empty when there is no error) so the browser script can fill it.
import type { Child } from 'hono/jsx';

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;

interface FieldShell {
  name: string;
  /** The control's id when the same name appears in several forms of a page (default from the name). */
  id?: string | undefined;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
}

function describedBy(id: string, hint: string | undefined) {
  return hint ? `${id}-hint ${id}-error` : `${id}-error`;
}

const idOf = (props: { name: string; id?: string | undefined }) => props.id ?? fieldId(props.name);

export function FieldError({ name, id, error }: { name: string; id?: string | undefined; error?: string | undefined }) {
  return (
    <p class="field-error" id={`${id ?? fieldId(name)}-error`} data-error-for={name} aria-live="polite">
      {error ?? ''}
    </p>
  );
}

function Shell({ name, label, error, hint, required, children, ...rest }: FieldShell & { children: Child }) {
  const id = idOf({ name, id: rest.id });
  return (
    <div class={error ? 'field has-error' : 'field'} data-field={name}>
      <label for={id}>
        {label}
        {required ? <span class="req" aria-hidden="true"> *</span> : null}
      </label>
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      {children}
      <FieldError name={name} id={id} error={error} />
    </div>
  );
}

type InputProps = FieldShell & {
  value?: string | number | null | undefined;
  type?: 'text' | 'email' | 'date' | 'number' | 'tel' | 'search';
  autocomplete?: string;
  inputmode?: 'search' | 'decimal' | 'email' | 'url' | 'text' | 'none' | 'tel' | 'numeric';
  min?: string | number;
  max?: string | number;
  step?: string | number;
  maxlength?: number;
};

export function TextField(props: InputProps) {
  const { name, error, hint, required, value, type = 'text', ...rest } = props;
  return (
    <Shell {...props}>
      <input
        id={idOf(props)}
        name={name}
        type={type}
        value={value === null || value === undefined ? '' : String(value)}
        required={required ?? false}
        aria-required={required ? 'true' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(idOf(props), hint)}
        autocomplete={rest.autocomplete}
        inputmode={rest.inputmode}
        min={rest.min}
        max={rest.max}
        step={rest.step}
        maxlength={rest.maxlength}
      />
    </Shell>
  );
}

export function TextArea(props: FieldShell & { value?: string | null | undefined; rows?: number; maxlength?: number }) {
  const { name, error, hint, required, value, rows = 4 } = props;
  return (
    <Shell {...props}>
      <textarea
        id={idOf(props)}
        name={name}
        rows={rows}
        required={required ?? false}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(idOf(props), hint)}
        maxlength={props.maxlength}
      >
        {value ?? ''}
      </textarea>
    </Shell>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: FieldShell & { value?: string | null | undefined; options: Option[]; placeholder?: string }) {
  const { name, error, hint, required, value, options, placeholder } = props;
  return (
    <Shell {...props}>
      <select id={idOf(props)} name={name} required={required ?? false} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(idOf(props), hint)}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option value={option.value} selected={option.value === value}>
            {option.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

/** Radio buttons in a fieldset whose legend is the label. */
export function RadioGroup(props: FieldShell & { value?: string | null | undefined; options: Option[]; inline?: boolean }) {
  const { name, label, error, hint, required, value, options, inline } = props;
  const id = idOf(props);
  return (
    <fieldset class={error ? 'field radios has-error' : 'field radios'} data-field={name} aria-describedby={describedBy(id, hint)} aria-invalid={error ? 'true' : undefined}>
      <legend>
        {label}
        {required ? <span class="req" aria-hidden="true"> *</span> : null}
      </legend>
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      <div class={inline ? 'choices inline' : 'choices'}>
        {options.map((option, index) => (
          <label class="choice" for={`${id}-${index}`}>
            <input type="radio" id={`${id}-${index}`} name={name} value={option.value} checked={option.value === value} required={required ?? false} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      <FieldError name={name} id={id} error={error} />
    </fieldset>
  );
}

export function Checkboxes(props: FieldShell & { values: readonly string[]; options: Option[] }) {
  const { name, label, error, hint, values, options } = props;
  const id = idOf(props);
  return (
    <fieldset class={error ? 'field radios has-error' : 'field radios'} data-field={name} aria-describedby={describedBy(id, hint)}>
      <legend>{label}</legend>
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      <div class="choices">
        {options.map((option, index) => (
          <label class="choice" for={`${id}-${index}`}>
            <input type="checkbox" id={`${id}-${index}`} name={name} value={option.value} checked={values.includes(option.value)} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      <FieldError name={name} id={id} error={error} />
    </fieldset>
  );
}

/** The form's problems at the top, each linking to its field (and read out when shown). */
export function ErrorSummary({ title, items }: { title: string; items: { text: string; href?: string | undefined }[] }) {
  if (items.length === 0) return <div class="error-summary" role="alert" data-error-summary hidden></div>;
  return (
    <div class="error-summary" role="alert" tabindex={-1} data-error-summary>
      <h2>{title}</h2>
      <ul>
        {items.map((item) => (
          <li>{item.href ? <a href={item.href}>{item.text}</a> : item.text}</li>
        ))}
      </ul>
    </div>
  );
}
