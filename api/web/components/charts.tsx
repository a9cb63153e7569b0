// Charts drawn on the server as inline SVG: no script, no external library, readable by screen
// readers (each has a title and a description listing every value) and scaled to the screen.
import { epochDayOf, type IsoDate } from '../../../domain/calendar';

export interface Datum {
  label: string;
  value: number;
}

const PALETTE = ['#1d4f91', '#2f7d4f', '#a15c00', '#8a2d6f', '#00677f', '#6b4fb3', '#8c3b00', '#3d5a80', '#55606e', '#b3261e'];

let chartSeq = 0;
const nextId = (prefix: string) => `${prefix}-${(chartSeq = (chartSeq + 1) % 1_000_000)}`;

/** Horizontal bars, one row per datum: labels on the left, values at the end of each bar. */
export function BarChart({ title, data, format = String }: { title: string; data: Datum[]; format?: (value: number) => string }) {
  const id = nextId('bar');
  const rowHeight = 26;
  const labelWidth = 120;
  const width = 400;
  const barSpace = width - labelWidth - 70;
  const max = Math.max(1, ...data.map((datum) => datum.value));
  const height = data.length * rowHeight + 8;
  return (
    <figure class="chart">
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMinYMin meet">
        <desc id={`${id}-desc`}>{data.map((datum) => `${datum.label}: ${format(datum.value)}`).join('; ')}</desc>
        {data.map((datum, index) => {
          const y = index * rowHeight + 4;
          const barWidth = datum.value === 0 ? 0 : Math.max(2, (datum.value / max) * barSpace);
          return (
            <g>
              <text x={labelWidth - 8} y={y + 17} text-anchor="end" class="chart-label">
                {datum.label}
              </text>
              <rect x={labelWidth} y={y + 3} width={barWidth} height={rowHeight - 10} rx="3" fill={PALETTE[index % PALETTE.length]} />
              <text x={labelWidth + barWidth + 6} y={y + 17} class="chart-value">
                {format(datum.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Vertical columns along a time axis (months, years). */
export function ColumnChart({ title, data, format = String }: { title: string; data: Datum[]; format?: (value: number) => string }) {
  const id = nextId('col');
  const width = 400;
  const height = 200;
  const bottom = 40;
  const top = 20;
  const max = Math.max(1, ...data.map((datum) => datum.value));
  const slot = (width - 20) / Math.max(1, data.length);
  const barWidth = Math.max(4, Math.min(36, slot * 0.7));
  const every = Math.ceil(data.length / 6);
  return (
    <figure class="chart">
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMinYMin meet">
        <desc id={`${id}-desc`}>{data.map((datum) => `${datum.label}: ${format(datum.value)}`).join('; ')}</desc>
        <line x1="10" x2={width - 10} y1={height - bottom} y2={height - bottom} class="chart-axis" />
        {data.map((datum, index) => {
          const x = 10 + index * slot + (slot - barWidth) / 2;
          const barHeight = datum.value === 0 ? 0 : Math.max(2, (datum.value / max) * (height - bottom - top));
          const y = height - bottom - barHeight;
          return (
            <g>
              <rect x={x} y={y} width={barWidth} height={barHeight} rx="2" fill={PALETTE[0]} />
              {datum.value > 0 ? (
                <text x={x + barWidth / 2} y={y - 4} text-anchor="middle" class="chart-value">
                  {format(datum.value)}
                </text>
              ) : null}
              {index % every === 0 ? (
                <text x={index === 0 ? x : x + barWidth / 2} y={height - bottom + 16} text-anchor={index === 0 ? 'start' : 'middle'} class="chart-label">
                  {datum.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export interface TimelineRow {
  label: string;
  start: IsoDate;
  end: IsoDate;
  daysLeft: number | null;
  note: string;
}

/** One bar per retention clock from signing to expiry, with today marked. */
export function TimelineChart({ title, rows, today, todayLabel }: { title: string; rows: TimelineRow[]; today: IsoDate; todayLabel: string }) {
  const id = nextId('timeline');
  if (rows.length === 0) return null;
  const width = 640;
  const labelWidth = 170;
  const rowHeight = 26;
  const axis = 24;
  const first = Math.min(epochDayOf(today), ...rows.map((row) => epochDayOf(row.start)));
  const last = Math.max(epochDayOf(today) + 30, ...rows.map((row) => epochDayOf(row.end)));
  const span = Math.max(1, last - first);
  const xOf = (date: IsoDate) => labelWidth + ((epochDayOf(date) - first) / span) * (width - labelWidth - 10);
  const height = rows.length * rowHeight + axis + 10;
  const firstYear = Number(rows.reduce((min, row) => (row.start < min ? row.start : min), today).slice(0, 4));
  const lastYear = Number(rows.reduce((max, row) => (row.end > max ? row.end : max), today).slice(0, 4));
  const years: number[] = [];
  for (let year = firstYear + 1; year <= lastYear; year += 1) years.push(year);
  const tone = (daysLeft: number | null) => (daysLeft === null ? '#55606e' : daysLeft <= 90 ? '#b3261e' : daysLeft <= 180 ? '#a15c00' : '#2f7d4f');
  return (
    <figure class="chart chart-wide">
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMinYMin meet">
        <desc id={`${id}-desc`}>{rows.map((row) => `${row.label}: ${row.start} – ${row.end}, ${row.note}`).join('; ')}</desc>
        {years.map((year) => {
          const x = xOf(`${year}-01-01`);
          return (
            <g>
              <line x1={x} x2={x} y1={axis - 6} y2={height - 4} class="chart-gridline" />
              <text x={x + 3} y={axis - 10} class="chart-label">
                {String(year)}
              </text>
            </g>
          );
        })}
        {rows.map((row, index) => {
          const y = axis + index * rowHeight;
          const x1 = xOf(row.start);
          const x2 = Math.max(x1 + 2, xOf(row.end));
          return (
            <g>
              <text x={labelWidth - 8} y={y + 16} text-anchor="end" class="chart-label">
                {row.label}
              </text>
              <rect x={x1} y={y + 5} width={x2 - x1} height={rowHeight - 10} rx="3" fill={tone(row.daysLeft)} />
            </g>
          );
        })}
        <line x1={xOf(today)} x2={xOf(today)} y1={axis - 4} y2={height - 4} class="chart-today" />
        <text x={xOf(today) + 3} y={height - 2} class="chart-label">
          {todayLabel}
        </text>
      </svg>
    </figure>
  );
}
