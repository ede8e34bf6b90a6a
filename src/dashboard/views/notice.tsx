import type { Tone } from "./labels";

export interface NoticeMessage {
  tone: Tone;
  text: string;
}

/**
 * The outcome of the action that led here (after a POST's redirect), or a problem with the
 * page's input. A status region: screen readers announce it without moving focus.
 */
export const Notice = (props: { message: NoticeMessage | null }) =>
  props.message ? (
    <p
      class={`notice tone-${props.message.tone}`}
      role={props.message.tone === "bad" ? "alert" : "status"}
    >
      {props.message.text}
    </p>
  ) : null;
