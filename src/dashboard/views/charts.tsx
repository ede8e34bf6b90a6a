/**
 * Charts the page draws itself (contract §10): SVG rendered on the server, no script, no
 * library. Each is one image to assistive technology, named by its title and described by
 * a sentence that carries every number it shows.
 */
import type { Tone } from "./labels";

export interface Bar {
  label: string;
  value: number;
  tone: Tone;
  /** What is written after the bar, e.g. "12" or "1.4 s". */
  text: string;
}

const WIDTH = 640;
const LABEL_WIDTH = 150;
const TEXT_WIDTH = 90;
const ROW = 34;
const BAR_HEIGHT = 20;

function scale(value: number, max: number, span: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.max(2, Math.round((value / max) * span));
}

/** Horizontal bars, one per row, on a common scale. */
export const BarChart = (props: {
  id: string;
  title: string;
  description: string;
  bars: Bar[];
}) => {
  const span = WIDTH - LABEL_WIDTH - TEXT_WIDTH;
  const max = Math.max(0, ...props.bars.map((bar) => bar.value));
  const height = props.bars.length * ROW + 8;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {props.bars.map((bar, row) => {
        const y = row * ROW + 6;
        const length = scale(bar.value, max, span);
        return (
          <g>
            <text x="0" y={y + 15}>
              {bar.label}
            </text>
            <rect class="bar-track" x={LABEL_WIDTH} y={y} width={span} height={BAR_HEIGHT} rx="3" />
            <rect
              class={`bar-${bar.tone}`}
              x={LABEL_WIDTH}
              y={y}
              width={length}
              height={BAR_HEIGHT}
              rx="3"
            />
            <text x={LABEL_WIDTH + span + 8} y={y + 15}>
              {bar.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
};

export interface Column {
  label: string;
  parts: { value: number; tone: Tone }[];
}

/** Stacked columns on a common scale (runs per hour, by outcome), labelled every few. */
export const StackedColumns = (props: {
  id: string;
  title: string;
  description: string;
  columns: Column[];
  labelEvery: number;
}) => {
  const height = 180;
  const plotTop = 10;
  const plotBottom = height - 28;
  const left = 36;
  const step = (WIDTH - left) / Math.max(1, props.columns.length);
  const totals = props.columns.map((column) =>
    column.parts.reduce((sum, part) => sum + part.value, 0),
  );
  const max = Math.max(1, ...totals);
  const span = plotBottom - plotTop;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      <line class="axis" x1={left} y1={plotBottom + 0.5} x2={WIDTH} y2={plotBottom + 0.5} />
      <text x="0" y={plotTop + 10}>
        {String(max)}
      </text>
      <text x="0" y={plotBottom}>
        0
      </text>
      {props.columns.map((column, index) => {
        const x = left + index * step + 2;
        let top = plotBottom;
        return (
          <g>
            {column.parts.map((part) => {
              const size = part.value > 0 ? Math.max(1, Math.round((part.value / max) * span)) : 0;
              top -= size;
              return size > 0 ? (
                <rect
                  class={`bar-${part.tone}`}
                  x={x}
                  y={top}
                  width={Math.max(1, step - 4)}
                  height={size}
                />
              ) : null;
            })}
            {index % props.labelEvery === 0 ? (
              <text x={x} y={height - 8}>
                {column.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
};
