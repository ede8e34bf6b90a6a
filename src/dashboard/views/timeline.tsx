/** A run's timeline as an ordered list; each entry's time is a `<time>` element. */
import type { TimelineEntry } from "../run-timeline";
import { formatTime, isoTime } from "./labels";

const Entry = (props: { entry: TimelineEntry }) => {
  const { entry } = props;
  return (
    <li class={`dot-${entry.tone}`} data-kind={entry.kind}>
      <span class="what">{entry.title}</span>
      {"detail" in entry && entry.detail ? ` ${entry.detail}` : null}
      <time class="when" datetime={isoTime(entry.at)}>
        {formatTime(entry.at)}
      </time>
      {entry.kind === "delivery" && entry.answer ? (
        <details>
          <summary>Start of the receiver's answer</summary>
          <pre>{entry.answer}</pre>
        </details>
      ) : null}
    </li>
  );
};

export const Timeline = (props: { entries: TimelineEntry[] }) => (
  <ol class="timeline" id="timeline" data-refresh>
    {props.entries.map((entry) => (
      <Entry entry={entry} />
    ))}
  </ol>
);
