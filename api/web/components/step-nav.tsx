// The numbered steps of a guided form (a spin-out request, a deal): the current one marked, the
// others links once the draft exists (before that there is nowhere to go back to).
export function StepNav<S extends string>({ label, steps, current, stepLabel, href }: {
  label: string;
  steps: readonly S[];
  current: S;
  stepLabel: (step: S) => string;
  /** Where each step is edited; null while the draft does not exist yet. */
  href: ((step: S) => string) | null;
}) {
  const currentIndex = steps.indexOf(current);
  return (
    <nav aria-label={label} class="steps">
      <ol>
        {steps.map((key, index) => {
          const text = (
            <>
              <span class="step-no">{index + 1}</span> {stepLabel(key)}
            </>
          );
          return (
            <li class={index === currentIndex ? 'current' : index < currentIndex ? 'done' : ''}>
              {href && index !== currentIndex ? <a href={href(key)}>{text}</a> : <span aria-current={index === currentIndex ? 'step' : undefined}>{text}</span>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
