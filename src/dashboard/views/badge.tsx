import type { Tone } from "./labels";

/** A value shown as a coloured pill; the text says it all, the colour only repeats it. */
export const Badge = (props: { tone: Tone; children: string; field?: string }) => (
  <span class={`badge tone-${props.tone}`} data-field={props.field}>
    {props.children}
  </span>
);
