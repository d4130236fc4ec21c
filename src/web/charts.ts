import { html, type Html } from './html.js';

/** One bar: what it stands for (shown under it) and its value (shown above it). */
export interface Bar {
  readonly label: string;
  readonly value: number;
}

export interface BarChartOptions {
  /** Unique on the page: the ids of the chart's title and description derive from it. */
  readonly id: string;
  /** Read out as the image's name (SVG <title>). */
  readonly title: string;
  /** Read out as the image's description (SVG <desc>): say that the table beside it holds the figures. */
  readonly description: string;
  readonly bars: readonly Bar[];
}

const WIDTH = 640;
const HEIGHT = 240;
const TOP = 20;
const BOTTOM = 40;
const LEFT = 8;
const PLOT = HEIGHT - TOP - BOTTOM;

/**
 * A bar chart as inline SVG, made on the server: no script, no inline style (the colours come
 * from the `.pl-chart*` classes of app.css), an accessible name and description, and each bar's
 * value written above it and in its own <title>, so the figures never depend on colour or
 * hovering. Pages put a table with the same figures beside it.
 */
export function barChart(options: BarChartOptions): Html {
  const { bars } = options;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const slot = bars.length === 0 ? 0 : (WIDTH - LEFT * 2) / bars.length;
  const barWidth = Math.max(2, Math.min(48, slot * 0.7));
  const titleId = `${options.id}-title`;
  const descId = `${options.id}-desc`;
  const round = (n: number) => Math.round(n * 10) / 10;
  return html`<svg class="pl-chart" id="${options.id}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${titleId} ${descId}" xmlns="http://www.w3.org/2000/svg">
    <title id="${titleId}">${options.title}</title>
    <desc id="${descId}">${options.description}</desc>
    <line class="pl-chart__axis" x1="${LEFT}" y1="${TOP + PLOT}" x2="${WIDTH - LEFT}" y2="${TOP + PLOT}"></line>
    ${bars.map((bar, index) => {
      const height = round((Math.max(0, bar.value) / max) * PLOT);
      const centre = round(LEFT + slot * index + slot / 2);
      const x = round(centre - barWidth / 2);
      const y = round(TOP + PLOT - height);
      return html`<g class="pl-chart__item" data-label="${bar.label}" data-value="${bar.value}">
        <rect class="pl-chart__bar" x="${x}" y="${y}" width="${round(barWidth)}" height="${height}"><title>${bar.label}: ${bar.value}</title></rect>
        <text class="pl-chart__label" x="${centre}" y="${round(y - 4)}" text-anchor="middle" aria-hidden="true">${bar.value}</text>
        <text class="pl-chart__label" x="${centre}" y="${TOP + PLOT + 16}" text-anchor="middle" aria-hidden="true">${bar.label}</text>
      </g>`;
    })}
  </svg>`;
}
